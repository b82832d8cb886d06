package io.opsdeck.backups;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * One backup: a folder {@code <prefix>/<timestamp>/} holding {@code db.dump} (docs/design/drills-contract.md).
 *
 * @param timestamp the folder name, UTC {@code yyyy-MM-dd-HHmmss}, e.g. {@code 2025-11-07-120000}
 * @param takenAt the timestamp as an instant
 * @param ageSeconds seconds from {@code takenAt} to the moment of listing (0 for a timestamp in the future; see
 * {@link #inFuture(Instant)}: such a backup is never verified, never the newest, never fresh)
 * @param sizeBytes the listed sizes of {@code db.dump}, {@code media.tar.gz} and {@code manifest.json} added up
 * @param database {@code db.dump} as listed, with the manifest's checksum; never {@code null} for a listed backup
 * (kept nullable for the contract's shape)
 * @param media {@code media.tar.gz} as listed, or {@code null} when the backup has no media
 * @param manifest the parsed {@code manifest.json}, or {@code null} when it is missing or unreadable
 * @param verified the manifest is present and parses, and every object it lists exists with the size it states
 * (checksums are verified by the drill, which downloads the objects)
 * @param findings what is wrong or missing, for humans, e.g. {@code manifest.json is missing}; empty when verified
 * @param manifestProblem why {@code manifest.json} exists but cannot be used (invalid JSON, unknown version, ...), or
 * {@code null} when it is absent or usable; such a backup cannot be checked, so drills refuse it
 */
public record BackupSummary(String timestamp, Instant takenAt, long ageSeconds, long sizeBytes,
		@Nullable BackupObject database, @Nullable BackupObject media, @Nullable Manifest manifest, boolean verified,
		List<String> findings, @Nullable String manifestProblem) {

	/**
	 * How far a folder timestamp may be ahead of this server's clock (clock skew between the backup server and
	 * Opsdeck) before the backup is a finding: 5 minutes.
	 */
	public static final Duration FUTURE_TOLERANCE = Duration.ofMinutes(5);

	public BackupSummary {
		findings = List.copyOf(findings);
	}

	/**
	 * A backup whose folder timestamp is more than {@link #FUTURE_TOLERANCE} ahead of {@code now} (a wrong clock on
	 * the backup server, or a folder put by hand): it is never verified, never counts as the newest backup (RPO,
	 * "verify newest", retention's {@code NEWEST}/{@code NEWEST_VERIFIED}), and a retention cleanup never deletes it.
	 *
	 * @param now the moment of listing or checking
	 * @return whether {@code takenAt} is more than 5 minutes after {@code now}
	 */
	public boolean inFuture(Instant now) {
		return takenAt.isAfter(now.plus(FUTURE_TOLERANCE));
	}

	/**
	 * @param newestFirst backups as listed, newest first
	 * @param now the moment of listing
	 * @return the first backup whose timestamp is not in the future ({@link #inFuture(Instant)}), or {@code null}
	 */
	public static @Nullable BackupSummary newest(List<BackupSummary> newestFirst, Instant now) {
		return newestFirst.stream().filter(b -> !b.inFuture(now)).findFirst().orElse(null);
	}

}
