package io.opsdeck.backups.web;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.jspecify.annotations.Nullable;

/**
 * Body of {@code POST /api/v1/environments/{name}/backups/cleanup}:
 * {@code {"retentionDays":30,"keepNewest":3,"dryRun":true}}. Every field is optional; an empty body is a dry run
 * with the seed's defaults, so that nothing is deleted by accident.
 *
 * @param retentionDays backups older than this many days may go: 1 to 3,650 (default 30, seed "Cleanup Old
 * Backups")
 * @param keepNewest the newest this many backups (and the newest this many verified ones) always stay: 1 to 1,000
 * (default 3)
 * @param dryRun list only (default {@code true}); send {@code false} to delete
 */
public record BackupCleanupRequest(
		@Nullable @Min(value = 1, message = "must be between 1 and 3650 days") @Max(value = 3650,
				message = "must be between 1 and 3650 days") Integer retentionDays,
		@Nullable @Min(value = 1, message = "must be between 1 and 1000") @Max(value = 1000,
				message = "must be between 1 and 1000") Integer keepNewest,
		@Nullable Boolean dryRun) {

	/** Seed: "Remove backups older than 30 days". */
	static final int DEFAULT_RETENTION_DAYS = 30;

	static final int DEFAULT_KEEP_NEWEST = 3;

	int effectiveRetentionDays() {
		return (retentionDays != null) ? retentionDays : DEFAULT_RETENTION_DAYS;
	}

	int effectiveKeepNewest() {
		return (keepNewest != null) ? keepNewest : DEFAULT_KEEP_NEWEST;
	}

	boolean effectiveDryRun() {
		return dryRun == null || dryRun;
	}

}
