package io.opsdeck.backups.web;

import java.time.Instant;
import java.util.List;

import io.opsdeck.backups.BackupObject;
import io.opsdeck.backups.BackupSummary;
import io.opsdeck.backups.Manifest;
import org.jspecify.annotations.Nullable;

/**
 * One backup in {@code GET /api/v1/environments/{name}/backups}.
 *
 * @param timestamp UTC {@code yyyy-MM-dd-HHmmss}
 * @param takenAt the timestamp as an ISO-8601 instant
 * @param ageSeconds seconds since {@code takenAt}
 * @param sizeBytes {@code db.dump} + {@code media.tar.gz} + {@code manifest.json}, bytes
 * @param verified the manifest is present and parses and every object it lists exists with its stated size
 * @param findings what is wrong, e.g. {@code manifest.json is missing}; empty when verified
 * @param database {@code db.dump}: key, listed size, manifest's sha256
 * @param media {@code media.tar.gz}, or {@code null}
 * @param manifest the parsed manifest, or {@code null}
 */
public record BackupView(String timestamp, Instant takenAt, long ageSeconds, long sizeBytes, boolean verified,
		List<String> findings, @Nullable BackupObject database, @Nullable BackupObject media,
		@Nullable Manifest manifest) {

	static BackupView of(BackupSummary summary) {
		return new BackupView(summary.timestamp(), summary.takenAt(), summary.ageSeconds(), summary.sizeBytes(),
				summary.verified(), summary.findings(), summary.database(), summary.media(), summary.manifest());
	}

}
