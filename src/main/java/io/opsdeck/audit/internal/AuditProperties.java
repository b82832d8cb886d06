package io.opsdeck.audit.internal;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code opsdeck.audit.*}.
 *
 * @param retentionDays entries older than this many days are deleted by the daily purge (default 400: a year and a
 * month, so a yearly review still finds last year's entries); at least 1
 * @param purgeCron when the purge runs, a Spring cron expression in UTC (default {@code 0 30 3 * * *}, 03:30 daily)
 */
@ConfigurationProperties("opsdeck.audit")
public record AuditProperties(@Nullable Integer retentionDays, @Nullable String purgeCron) {

	public AuditProperties {
		retentionDays = (retentionDays == null) ? 400 : retentionDays;
		if (retentionDays < 1) {
			throw new IllegalArgumentException("opsdeck.audit.retention-days must be at least 1, not " + retentionDays);
		}
		purgeCron = (purgeCron == null || purgeCron.isBlank()) ? "0 30 3 * * *" : purgeCron;
	}

}
