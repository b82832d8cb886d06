package io.opsdeck.backups;

import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

/** Placeholder of the contract; replaced by the backups module. */
public record BackupSummary(String timestamp, Instant takenAt, long ageSeconds, long sizeBytes,
		@Nullable BackupObject database, @Nullable BackupObject media, @Nullable Manifest manifest, boolean verified,
		List<String> findings) {
}
