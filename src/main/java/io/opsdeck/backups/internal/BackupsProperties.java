package io.opsdeck.backups.internal;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code opsdeck.backups.*}: how Opsdeck talks to object storage and how "Back up now" runs.
 *
 * @param connectTimeout TCP connect timeout towards the storage endpoint (default 5 s): a dead endpoint fails in
 * seconds
 * @param readTimeout socket read timeout (default 30 s)
 * @param callTimeout limit for one API call including retries (default 60 s)
 * @param maxAttempts attempts per API call, the first included (default 2)
 * @param uploadUrlValidity how long the presigned PUT URLs of "Back up now" work (default 6 h): long enough for the
 * run to wait in the queue, dump and upload
 * @param playbook the backup playbook, relative to the playbook directory (default {@code backup.yml})
 * @param verifyDownloadTimeout limit for downloading one object when verifying checksums (default 6 h; the
 * {@code callTimeout} is far too short for a large dump, while the read timeout still catches a stalled transfer)
 */
@ConfigurationProperties("opsdeck.backups")
public record BackupsProperties(@DefaultValue("5s") Duration connectTimeout, @DefaultValue("30s") Duration readTimeout,
		@DefaultValue("60s") Duration callTimeout, @DefaultValue("2") int maxAttempts,
		@DefaultValue("6h") Duration uploadUrlValidity, @DefaultValue("backup.yml") String playbook,
		@DefaultValue("6h") Duration verifyDownloadTimeout) {
}
