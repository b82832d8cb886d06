package io.opsdeck.notifications.internal;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * One attempt of a delivery.
 *
 * @param attempt 1 for the first
 * @param startedAt when it started
 * @param durationMillis how long it took, milliseconds
 * @param success whether the receiver accepted it (2xx, or the SMTP server took the message)
 * @param responseCode the webhook's HTTP status, or {@code null} (e-mail, or no response)
 * @param error why it failed (at most 500 characters, never a secret), or {@code null}
 */
public record Attempt(int attempt, Instant startedAt, long durationMillis, boolean success,
		@Nullable Integer responseCode, @Nullable String error) {
}
