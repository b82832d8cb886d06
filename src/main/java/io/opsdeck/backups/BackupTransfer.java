package io.opsdeck.backups;

import java.net.URI;

import org.jspecify.annotations.Nullable;

/**
 * Presigned URLs for one backup's objects: GET URLs to download a backup, or PUT URLs to upload a new one. Whoever
 * holds a URL can use it until it expires, so they are passed to playbooks as secret extra vars only and never
 * logged or stored.
 *
 * @param timestamp the backup's timestamp, {@code yyyy-MM-dd-HHmmss}
 * @param folderKey the backup's folder, {@code <prefix>/<timestamp>/} (or {@code <timestamp>/} with no prefix)
 * @param database URL of {@code db.dump}
 * @param media URL of {@code media.tar.gz}, or {@code null} for a download of a backup without media
 * @param manifest URL of {@code manifest.json}, or {@code null} for a download of a backup without a manifest
 */
public record BackupTransfer(String timestamp, String folderKey, URI database, @Nullable URI media,
		@Nullable URI manifest) {

	@Override
	public String toString() {
		return "BackupTransfer[timestamp=" + timestamp + ", folderKey=" + folderKey + ", urls=(hidden)]";
	}

}
