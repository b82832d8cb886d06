package io.opsdeck.inventory.web;

import java.time.Instant;
import java.util.UUID;

import io.opsdeck.inventory.internal.EnvironmentDetails;
import org.jspecify.annotations.Nullable;

/**
 * An environment in the API: {@code {"id","name","kind","cloudProvider","region","description","serverCount",
 * "createdAt","updatedAt","version"}}.
 *
 * @param id identifier
 * @param name unique name
 * @param kind {@code development}, {@code staging} or {@code production}
 * @param cloudProvider {@code aws} or {@code digitalocean}
 * @param region provider region
 * @param description free text or {@code null}
 * @param serverCount servers in it
 * @param createdAt creation time
 * @param updatedAt last change
 * @param version its version, raised by every change; the {@code ETag}
 */
public record EnvironmentView(UUID id, String name, String kind, String cloudProvider, String region,
		@Nullable String description, long serverCount, Instant createdAt, Instant updatedAt, long version) {

	static EnvironmentView of(EnvironmentDetails details) {
		return new EnvironmentView(details.id(), details.name(), details.kind(), details.cloudProvider(),
				details.region(), details.description(), details.serverCount(), details.createdAt(),
				details.updatedAt(), details.version());
	}

}
