package io.opsdeck.backups;

import java.time.Instant;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/** Placeholder of the contract; replaced by the backups module. */
public record Manifest(int version, String timestamp, Instant createdAt, Map<String, Long> tables,
		@Nullable Long mediaFiles, @Nullable Long mediaBytes, Map<String, BackupObject> objects) {
}
