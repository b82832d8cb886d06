package io.opsdeck.patching.internal;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code opsdeck.patching.*}.
 *
 * @param playbook the update playbook, relative to the playbook directory
 * @param timeout limit of one update run (lock wait, upgrades, rolling reboots): 2 hours by default
 * @param reconcileInterval how often update runs that ended unnoticed (a restart, another node) are read
 * @param metricsRefresh how often the patch gauges are re-read from the database
 */
@ConfigurationProperties("opsdeck.patching")
public record PatchingProperties(String playbook, Duration timeout, Duration reconcileInterval,
		Duration metricsRefresh) {

	public PatchingProperties {
		playbook = (playbook == null || playbook.isBlank()) ? "security-updates.yml" : playbook;
		timeout = (timeout == null) ? Duration.ofHours(2) : timeout;
		reconcileInterval = (reconcileInterval == null) ? Duration.ofSeconds(30) : reconcileInterval;
		metricsRefresh = (metricsRefresh == null) ? Duration.ofSeconds(60) : metricsRefresh;
	}

}
