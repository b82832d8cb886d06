package io.opsdeck.backups;

import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

import org.jspecify.annotations.Nullable;

/**
 * A backup's {@code manifest.json}, version 1 (docs/design/drills-contract.md), written last by the backup playbook.
 *
 * @param version format version; only 1 is understood
 * @param timestamp the backup's timestamp as the manifest states it
 * @param createdAt when the backup was made
 * @param tables exact row counts per ordinary table, keyed {@code schema.table}, at backup time
 * @param mediaFiles number of files in the media directory, or {@code null} without media
 * @param mediaBytes total bytes of those files, or {@code null} without media
 * @param objects by object name ({@code db.dump}, {@code media.tar.gz}): the full key, the size in bytes and the
 * SHA-256 the manifest states
 * <p>
 * Both maps are sorted by key and unmodifiable.
 */
public record Manifest(int version, String timestamp, Instant createdAt, Map<String, Long> tables,
		@Nullable Long mediaFiles, @Nullable Long mediaBytes, Map<String, BackupObject> objects) {

	public Manifest {
		tables = Collections.unmodifiableMap(new TreeMap<>(tables));
		objects = Collections.unmodifiableMap(new TreeMap<>(objects));
	}

}
