package io.opsdeck.system;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * The {@code Idempotency-Key} store (docs/security.md, "Idempotency-Key").
 *
 * @param ttl how long a stored answer is replayed; default 24 hours (issue 7, "Idempotency")
 * @param maxStoredBody the largest answer body kept for replay; a larger answer is replayed with status and
 * {@code Location} but without its body; default 64 KiB
 * @param inFlightTimeout a first request still unanswered after this long (its node died mid-request) no longer
 * blocks retries with 409: the next retry runs as if it were the first; default 5 minutes
 * @param excludedPaths paths whose answers hold a secret shown once (a new API token's value): a request there with
 * an {@code Idempotency-Key} is refused with 400, since the answer may never be stored
 */
@ConfigurationProperties("opsdeck.idempotency")
public record IdempotencyProperties(@DefaultValue("24h") Duration ttl, @DefaultValue("64KB") DataSize maxStoredBody,
		@DefaultValue("5m") Duration inFlightTimeout, @DefaultValue("/api/v1/tokens") List<String> excludedPaths) {
}
