package io.opsdeck.health;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * A server's latest stored health check: one row of the health grid.
 *
 * @param serverId server id
 * @param server server name
 * @param environment environment name
 * @param status the worst of its checks; {@link HealthStatus#UNKNOWN} when never checked
 * @param checks check name ({@link HealthCheck#value()}) → result, in grid order; empty when never checked
 * @param reasons one line per check that is not OK
 * @param runId the health-check run the result came from, or {@code null} when never checked
 * @param checkedAt when the result was stored, or {@code null} when never checked
 */
public record ServerHealth(UUID serverId, String server, String environment, HealthStatus status,
		Map<String, CheckResult> checks, List<String> reasons, @Nullable UUID runId, @Nullable Instant checkedAt) {

	public ServerHealth {
		checks = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(checks));
		reasons = List.copyOf(reasons);
	}

	/** @return whether a result was ever stored for this server */
	public boolean checked() {
		return checkedAt != null;
	}

}
