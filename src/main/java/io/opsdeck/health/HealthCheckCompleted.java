package io.opsdeck.health;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * Published once per server after a health check's result is stored (seed: Health Checks). Listeners (notifications,
 * metrics) must not assume they run in the publisher's transaction.
 *
 * @param serverId server id
 * @param server server name
 * @param environment environment name
 * @param status the server's overall status (the worst of its checks)
 * @param previous the overall status of the server's previous stored check, or {@code null} for its first
 * @param reasons why the status is what it is, one line per crossed threshold or failed probe (never a secret)
 * @param runId the health-check run the result came from
 * @param checkedAt when the result was stored
 */
public record HealthCheckCompleted(UUID serverId, String server, String environment, HealthStatus status,
		@Nullable HealthStatus previous, List<String> reasons, UUID runId, Instant checkedAt) {

	public HealthCheckCompleted {
		reasons = List.copyOf(reasons);
	}

}
