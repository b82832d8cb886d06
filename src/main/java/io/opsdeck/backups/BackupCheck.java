package io.opsdeck.backups;

import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * The result of "verify completion" (seed, weekly maintenance checklist): the newest backup's age against a
 * threshold, and its objects downloaded and compared with the sizes and SHA-256 checksums its manifest states.
 *
 * @param environment environment name
 * @param status the verdict, see {@link Status}
 * @param newestTimestamp the newest backup's folder name, ignoring folders dated in the future ({@code yyyy-MM-dd-HHmmss}), or {@code null} when there is
 * no backup
 * @param newestTakenAt its timestamp as an instant, or {@code null}
 * @param ageSeconds seconds from {@code newestTakenAt} to {@code checkedAt}, or {@code null} when there is no backup
 * @param maxAgeSeconds the threshold, seconds (default 26 h: a daily backup plus two hours of slack)
 * @param fresh {@code ageSeconds <= maxAgeSeconds}; false when there is no backup
 * @param manifestVerified the manifest is present and parses and every object it lists exists with the stated size
 * (what the backup list calls {@code verified})
 * @param checksumsVerified {@code manifestVerified}, and every object the manifest lists was downloaded and has the
 * stated size and SHA-256
 * @param bytesVerified bytes downloaded and hashed
 * @param objects one entry per object the manifest lists, in name order; empty without a usable manifest
 * @param findings what is wrong, for humans, e.g. {@code db.dump has sha256 3a7b…, manifest says 9f00…}; empty when
 * the status is {@code OK}
 * @param checkedAt when the check started
 */
public record BackupCheck(String environment, Status status, @Nullable String newestTimestamp,
		@Nullable Instant newestTakenAt, @Nullable Long ageSeconds, long maxAgeSeconds, boolean fresh,
		boolean manifestVerified, boolean checksumsVerified, long bytesVerified, List<ObjectCheck> objects,
		List<String> findings, Instant checkedAt) {

	public BackupCheck {
		objects = List.copyOf(objects);
		findings = List.copyOf(findings);
	}

	/** The verdict on the newest backup. */
	public enum Status {

		/** fresh, and the manifest and every checksum verify */
		OK,
		/** older than the threshold, but intact */
		STALE,
		/** the environment has no backup at all */
		NO_BACKUP,
		/**
		 * the manifest is missing or unusable, an object is missing, a size or checksum differs, or a backup's
		 * timestamp is more than 5 minutes in the future ({@link BackupSummary#inFuture}); wins over
		 * {@code STALE} (an invalid backup cannot be restored, whatever its age; {@code fresh} still tells the age)
		 */
		INVALID

	}

	/**
	 * One object of the newest backup as the manifest states it and as downloaded.
	 *
	 * @param name the object's name in the folder, e.g. {@code db.dump}
	 * @param key the full key
	 * @param expectedSizeBytes size the manifest states
	 * @param actualSizeBytes bytes downloaded, or {@code null} when the object is missing
	 * @param expectedSha256 SHA-256 the manifest states, lowercase hex
	 * @param actualSha256 SHA-256 of the downloaded bytes, lowercase hex, or {@code null} when the object is missing
	 * @param ok both size and checksum match
	 */
	public record ObjectCheck(String name, String key, long expectedSizeBytes, @Nullable Long actualSizeBytes,
			String expectedSha256, @Nullable String actualSha256, boolean ok) {
	}

}
