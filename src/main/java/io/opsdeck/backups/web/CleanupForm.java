package io.opsdeck.backups.web;

import org.jspecify.annotations.Nullable;

/**
 * The "Clean up old backups" form of the backups page, which asks for a preview (a dry run) first. The ranges are
 * {@link io.opsdeck.backups.internal.BackupService#cleanup}'s; a refused form comes back with the values as typed.
 *
 * @param retentionDays backups older than this many days may go (1 to 3,650); {@code null} when not a whole number
 * @param keepNewest the newest this many always stay (1 to 1,000); {@code null} when not a whole number
 */
record CleanupForm(@Nullable Integer retentionDays, @Nullable Integer keepNewest) {

	/** Seed: "Remove backups older than 30 days", keeping the newest 3. */
	static CleanupForm initial() {
		return new CleanupForm(BackupCleanupRequest.DEFAULT_RETENTION_DAYS, BackupCleanupRequest.DEFAULT_KEEP_NEWEST);
	}

}
