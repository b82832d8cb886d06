package io.opsdeck.health;

/**
 * The outcome of one check on one server.
 *
 * @param status the check's status
 * @param detail a short human explanation, e.g. {@code / 47.3 % used, 12 GB free}; never a secret
 */
public record CheckResult(HealthStatus status, String detail) {
}
