package io.opsdeck.backups.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.opsdeck.backups.BackupCleanup.KeepReason;
import io.opsdeck.backups.BackupCleanup.Kept;
import io.opsdeck.backups.BackupSummary;

/**
 * Which backups a retention cleanup deletes, decided on a listing alone, so a dry run and a real run on the same
 * listing decide the same. Rules, in order: a backup whose timestamp is in the future
 * ({@link BackupSummary#inFuture(Instant)}) stays and counts for nothing else; the newest {@code keepNewest} backups stay; the newest
 * {@code keepNewest} verified backups stay (a run of broken backups never pushes the last good ones out); a backup
 * taken at or after the cutoff stays; everything else goes.
 *
 * @param delete the backups to delete, newest first
 * @param kept the backups that stay, newest first, each with the first rule that keeps it
 */
record RetentionPlan(List<BackupSummary> delete, List<Kept> kept) {

	RetentionPlan {
		delete = List.copyOf(delete);
		kept = List.copyOf(kept);
	}

	/**
	 * @param newestFirst every backup of the environment, newest first (as {@link BackupCatalog} lists them)
	 * @param now when the cleanup listed the storage
	 * @param cutoff backups taken before this instant may go
	 * @param keepNewest how many of the newest (and of the newest verified) backups stay, at least 1
	 * @return the plan
	 * @throws IllegalArgumentException when {@code keepNewest} is below 1
	 */
	static RetentionPlan of(List<BackupSummary> newestFirst, Instant now, Instant cutoff, int keepNewest) {
		if (keepNewest < 1) {
			throw new IllegalArgumentException("keepNewest must be at least 1, not " + keepNewest);
		}
		List<BackupSummary> delete = new ArrayList<>();
		List<Kept> kept = new ArrayList<>();
		int newest = 0;
		int newestVerified = 0;
		for (BackupSummary backup : newestFirst) {
			if (backup.inFuture(now)) {
				kept.add(new Kept(backup.timestamp(), backup.takenAt(), KeepReason.FUTURE_TIMESTAMP));
				continue;
			}
			KeepReason reason = null;
			if (newest < keepNewest) {
				reason = KeepReason.NEWEST;
			}
			else if (backup.verified() && newestVerified < keepNewest) {
				reason = KeepReason.NEWEST_VERIFIED;
			}
			else if (!backup.takenAt().isBefore(cutoff)) {
				reason = KeepReason.WITHIN_RETENTION;
			}
			newest++;
			if (backup.verified()) {
				newestVerified++;
			}
			if (reason != null) {
				kept.add(new Kept(backup.timestamp(), backup.takenAt(), reason));
			}
			else {
				delete.add(backup);
			}
		}
		return new RetentionPlan(delete, kept);
	}

}
