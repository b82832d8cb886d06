package io.opsdeck.backups;

import java.time.Instant;
import java.util.List;

/**
 * The result of a retention cleanup (seed: "Cleanup Old Backups", remove backups older than 30 days), or of its dry
 * run: the same plan, computed the same way, with nothing deleted.
 *
 * @param environment environment name
 * @param dryRun {@code true}: {@code deleted} lists what a real run would delete, and nothing was deleted
 * @param retentionDays backups whose folder timestamp is older than this many days are candidates
 * @param keepNewest how many of the newest backups are kept whatever their age (and as many of the newest verified
 * ones, see {@link KeepReason#NEWEST_VERIFIED})
 * @param cutoff {@code startedAt - retention}: a backup taken before it is a candidate
 * @param deleted the backups deleted (or, in a dry run, to be deleted), newest first
 * @param deletedBytes their sizes added up, bytes
 * @param deletedObjects how many objects they held
 * @param kept the backups kept, newest first, with why
 * @param keptCount {@code kept.size()}
 * @param failed backups the storage refused to delete (in part), with the storage's reason; they are not in
 * {@code deleted}; always empty in a dry run
 * @param triggeredBy the actor, {@code kind:name} (e.g. {@code user:alice}, {@code schedule:monthly cleanup})
 * @param startedAt when the cleanup listed the storage
 */
public record BackupCleanup(String environment, boolean dryRun, int retentionDays, int keepNewest, Instant cutoff,
		List<Removed> deleted, long deletedBytes, int deletedObjects, List<Kept> kept, int keptCount, List<Failed> failed,
		String triggeredBy, Instant startedAt) {

	public BackupCleanup {
		deleted = List.copyOf(deleted);
		kept = List.copyOf(kept);
		failed = List.copyOf(failed);
	}

	/**
	 * A backup deleted (or to be deleted).
	 *
	 * @param timestamp folder name, {@code yyyy-MM-dd-HHmmss}
	 * @param takenAt the timestamp as an instant
	 * @param ageSeconds its age when the cleanup started
	 * @param sizeBytes every object of its folder added up, bytes
	 * @param objects how many objects its folder held (everything under {@code <prefix>/<timestamp>/})
	 * @param verified whether the listing verified it (manifest present, sizes match)
	 */
	public record Removed(String timestamp, Instant takenAt, long ageSeconds, long sizeBytes, int objects,
			boolean verified) {
	}

	/**
	 * A backup kept.
	 *
	 * @param timestamp folder name
	 * @param takenAt the timestamp as an instant
	 * @param reason why it stays
	 */
	public record Kept(String timestamp, Instant takenAt, KeepReason reason) {
	}

	/** Why a backup is kept; the first that applies ({@code FUTURE_TIMESTAMP} is checked first). */
	public enum KeepReason {

		/** one of the newest {@code keepNewest} backups */
		NEWEST,
		/**
		 * one of the newest {@code keepNewest} verified backups: when the newest backups are broken (no manifest,
		 * truncated), the last good ones are not pushed out by them
		 */
		NEWEST_VERIFIED,
		/** taken at or after the cutoff */
		WITHIN_RETENTION,
		/**
		 * its folder timestamp is more than 5 minutes in the future ({@link BackupSummary#inFuture}): a finding for a
		 * human, never deleted by a cleanup and never counted as one of the newest
		 */
		FUTURE_TIMESTAMP

	}

	/**
	 * A backup the storage refused to delete completely.
	 *
	 * @param timestamp folder name
	 * @param reason what the storage said, e.g. {@code AccessDenied: Access Denied (staging/…/manifest.json)}
	 */
	public record Failed(String timestamp, String reason) {
	}

}
