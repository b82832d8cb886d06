package io.opsdeck.backups;

import org.jspecify.annotations.Nullable;

/**
 * One object of a backup in storage, or one object as the manifest describes it.
 *
 * @param key the full object key, e.g. {@code staging/2025-11-07-120000/db.dump}
 * @param sizeBytes size in bytes: as listed by the storage, or as the manifest states it (inside {@link Manifest})
 * @param sha256 lowercase hex SHA-256 from the manifest, or {@code null} when there is no manifest or it lists no
 * checksum for the object
 */
public record BackupObject(String key, long sizeBytes, @Nullable String sha256) {
}
