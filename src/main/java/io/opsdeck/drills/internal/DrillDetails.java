package io.opsdeck.drills.internal;

import java.time.Instant;
import java.util.UUID;

import io.opsdeck.drills.DrillType;
import org.jspecify.annotations.Nullable;

/**
 * A drill with its results: stored ones once it ended, live ones (read from the run's output) while it runs.
 *
 * @param id drill id
 * @param environment environment name
 * @param type drill type
 * @param runId the Ansible run that does the server side
 * @param backupTimestamp timestamp of the restored backup
 * @param backupKey object key of its database dump
 * @param backupSizeBytes dump plus media, bytes
 * @param backupSha256 checksum of the dump from the manifest, or {@code null} without one
 * @param backupTakenAt when the backup was taken
 * @param manifestPresent whether the backup had a manifest
 * @param rpoSeconds drill start minus backup time, seconds (the RPO this backup achieves)
 * @param rtoTargetSeconds the RTO target when the drill started, seconds
 * @param triggeredBy {@code kind:name} of who started it
 * @param createdAt when it was requested
 * @param finishedAt when its report was made, or {@code null}
 * @param results status, timings, checks, findings, recommendations
 */
public record DrillDetails(UUID id, String environment, DrillType type, UUID runId, String backupTimestamp,
		String backupKey, long backupSizeBytes, @Nullable String backupSha256, Instant backupTakenAt,
		boolean manifestPresent, long rpoSeconds, int rtoTargetSeconds, String triggeredBy, Instant createdAt,
		@Nullable Instant finishedAt, DrillResults results) {
}
