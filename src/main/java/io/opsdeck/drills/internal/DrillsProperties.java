package io.opsdeck.drills.internal;

import java.nio.file.Path;
import java.time.Duration;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code opsdeck.drills.*}.
 *
 * @param reportDirectory where each finished drill's Markdown report is also written (the seed keeps them under
 * {@code docs/dr-reports/}); {@code null}: only in the database
 * @param playbook the drill playbook, relative to the playbook directory
 * @param reconcileInterval how often drills whose run ended unnoticed (a restart, another node) are finished
 */
@ConfigurationProperties("opsdeck.drills")
public record DrillsProperties(@Nullable Path reportDirectory, String playbook, Duration reconcileInterval) {

	public DrillsProperties {
		playbook = (playbook == null || playbook.isBlank()) ? "disaster-recovery.yml" : playbook;
		reconcileInterval = (reconcileInterval == null) ? Duration.ofSeconds(30) : reconcileInterval;
	}

}
