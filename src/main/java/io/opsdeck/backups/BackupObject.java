package io.opsdeck.backups;

import org.jspecify.annotations.Nullable;

/** Placeholder of the contract; replaced by the backups module. */
public record BackupObject(String key, long sizeBytes, @Nullable String sha256) {
}
