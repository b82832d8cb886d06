package io.opsdeck.health.internal;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code opsdeck.health.*}.
 *
 * @param playbook the health-check playbook, relative to the playbook directory
 * @param timeout limit of one health-check run (10 minutes by default)
 * @param retention how long stored results are kept (90 days by default); a server's newest result is always kept
 * @param reconcileInterval how often health-check runs that ended unnoticed (a restart, another node) are read
 * @param metricsRefresh how often the health gauge is re-read from the database
 */
@ConfigurationProperties("opsdeck.health")
public record HealthProperties(String playbook, Duration timeout, Duration retention, Duration reconcileInterval,
		Duration metricsRefresh) {

	public HealthProperties {
		playbook = (playbook == null || playbook.isBlank()) ? "health-check.yml" : playbook;
		timeout = (timeout == null) ? Duration.ofMinutes(10) : timeout;
		retention = (retention == null) ? Duration.ofDays(90) : retention;
		reconcileInterval = (reconcileInterval == null) ? Duration.ofSeconds(30) : reconcileInterval;
		metricsRefresh = (metricsRefresh == null) ? Duration.ofSeconds(60) : metricsRefresh;
	}

}
