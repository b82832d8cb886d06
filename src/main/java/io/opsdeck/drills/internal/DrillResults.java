package io.opsdeck.drills.internal;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.opsdeck.drills.DrillStatus;
import org.jspecify.annotations.Nullable;

/**
 * What a drill found, as stored and as the API shows it.
 *
 * @param status drill status
 * @param durationSeconds from the run's start to the end of the report (or to now while running), seconds
 * @param compliance {@code PolicyMet} or {@code PolicyBreached} once finished, else {@code null}
 * @param steps every step in order, including those that did not run
 * @param checks data checks (row counts, media files and bytes, checksums)
 * @param findings warnings and problems worth knowing
 * @param metrics measurements the playbook reported (bytes, seconds)
 * @param recommendations what to improve, derived from the step timings and findings
 */
public record DrillResults(DrillStatus status, double durationSeconds, @Nullable String compliance, List<Step> steps,
		List<Check> checks, List<Finding> findings, Map<String, Double> metrics, List<String> recommendations) {

	/**
	 * One step.
	 *
	 * @param name {@code validation}, {@code download}, {@code safety-backup}, {@code database-restore},
	 * {@code media-restore}, {@code app-start}, {@code health-checks}, {@code report}
	 * @param status {@code pending}, {@code running}, {@code succeeded}, {@code failed} or {@code skipped}
	 * @param startedAt measured start
	 * @param finishedAt measured end
	 * @param durationSeconds seconds, 0 for steps that did not run
	 * @param message what the step said at its end
	 */
	public record Step(String name, String status, @Nullable Instant startedAt, @Nullable Instant finishedAt,
			double durationSeconds, @Nullable String message) {
	}

	/**
	 * One data check.
	 *
	 * @param kind {@code table-rows}, {@code media-files}, {@code media-bytes}, {@code sha256}, ...
	 * @param name what was checked (a table, an object), or {@code null}
	 * @param expected value from the backup's manifest
	 * @param actual value found after the restore
	 * @param ok whether they match
	 */
	public record Check(String kind, @Nullable String name, @Nullable String expected, @Nullable String actual,
			boolean ok) {
	}

	/**
	 * @param severity {@code info}, {@code warning} or {@code error}
	 * @param message what was found
	 */
	public record Finding(String severity, String message) {
	}

}
