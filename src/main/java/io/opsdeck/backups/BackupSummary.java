package io.opsdeck.backups;

import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * One backup: a folder {@code <prefix>/<timestamp>/} holding {@code db.dump} (docs/design/drills-contract.md).
 *
 * @param timestamp the folder name, UTC {@code yyyy-MM-dd-HHmmss}, e.g. {@code 2025-11-07-120000}
 * @param takenAt the timestamp as an instant
 * @param ageSeconds seconds from {@code takenAt} to the moment of listing (0 for a timestamp in the future)
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

	public BackupSummary {
		findings = List.copyOf(findings);
	}

}
