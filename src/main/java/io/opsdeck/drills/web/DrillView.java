package io.opsdeck.drills.web;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.opsdeck.drills.internal.DrillDetails;
import io.opsdeck.drills.internal.DrillResults;
import org.jspecify.annotations.Nullable;

/**
 * A drill in the API: {@code GET /api/v1/drills/{id}}. Durations in seconds, sizes in bytes.
 *
 * @param id drill id
 * @param environment environment name
 * @param type {@code full}, {@code database-only} or {@code validation-only}
 * @param status {@code QUEUED}, {@code RUNNING}, {@code SUCCEEDED}, {@code PARTIALLY_FAILED} or {@code FAILED}
 * @param runId the run doing the server side ({@code /api/v1/runs/{runId}/events} streams its output)
 * @param durationSeconds from the run's start to the report (to now while running), seconds
 * @param durationMinutes the same in minutes
 * @param rtoTargetSeconds the environment's RTO target, seconds
 * @param compliance {@code PolicyMet} or {@code PolicyBreached} once finished, else {@code null}
 * @param rpoSeconds drill start minus backup time, seconds
 * @param backup the restored backup
 * @param steps every step in order, with measured times
 * @param checks data checks after the restore
 * @param findings warnings and errors
 * @param metrics measurements the playbook reported (bytes, seconds)
 * @param recommendations what to improve, from the timings and findings (seed: DR Metrics)
 * @param triggeredBy {@code kind:name} of who started it
 * @param createdAt when it was requested
 * @param finishedAt when the report was made
 */
public record DrillView(UUID id, String environment, String type, String status, UUID runId, double durationSeconds,
		double durationMinutes, int rtoTargetSeconds, @Nullable String compliance, long rpoSeconds, Backup backup,
		List<DrillResults.Step> steps, List<DrillResults.Check> checks, List<DrillResults.Finding> findings,
		Map<String, Double> metrics, List<String> recommendations, String triggeredBy, Instant createdAt,
		@Nullable Instant finishedAt) {

	/**
	 * @param timestamp backup timestamp
	 * @param key object key of its dump
	 * @param sizeBytes dump plus media, bytes
	 * @param sha256 the dump's checksum from the manifest, or {@code null}
	 * @param takenAt when it was taken
	 * @param manifest whether it had a manifest
	 */
	public record Backup(String timestamp, String key, long sizeBytes, @Nullable String sha256, Instant takenAt,
			boolean manifest) {
	}

	static DrillView of(DrillDetails d) {
		DrillResults r = d.results();
		return new DrillView(d.id(), d.environment(), d.type().value(), r.status().name(), d.runId(),
				r.durationSeconds(), Math.round(r.durationSeconds() / 60 * 100) / 100.0, d.rtoTargetSeconds(),
				r.compliance(), d.rpoSeconds(),
				new Backup(d.backupTimestamp(), d.backupKey(), d.backupSizeBytes(), d.backupSha256(), d.backupTakenAt(),
						d.manifestPresent()),
				r.steps(), r.checks(), r.findings(), r.metrics(), r.recommendations(), d.triggeredBy(), d.createdAt(),
				d.finishedAt());
	}

}
