package io.opsdeck.inventory.internal;

import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * An environment with what the pages and the API show about it.
 *
 * @param id identifier
 * @param name unique name
 * @param kind {@code development}, {@code staging} or {@code production}
 * @param cloudProvider {@code aws} or {@code digitalocean}
 * @param region provider region
 * @param description free text or {@code null}
 * @param serverCount number of servers in it
 * @param createdAt creation time
 * @param updatedAt last change
 * @param version its version, raised by every change (the API's {@code ETag})
 */
public record EnvironmentDetails(UUID id, String name, String kind, String cloudProvider, String region,
		@Nullable String description, long serverCount, Instant createdAt, Instant updatedAt, long version) {
}
