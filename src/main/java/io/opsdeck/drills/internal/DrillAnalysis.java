package io.opsdeck.drills.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.opsdeck.drills.DrillStatus;
import io.opsdeck.drills.DrillType;
import io.opsdeck.execution.RunStatus;
import org.jspecify.annotations.Nullable;

/**
 * Turns a drill run's events into its results. Steps are contiguous: each step starts where the previous one ended
 * (the first at the run's start), so the time between two steps' marker tasks counts to the step that follows, and
 * the steps add up to the drill's duration. Pure logic: no I/O.
 */
final class DrillAnalysis {

	/** The steps of a drill, in order (seed: DR Process Steps). */
	static final List<String> STEPS = List.of("validation", "download", "safety-backup", "database-restore",
			"media-restore", "app-start", "health-checks", "report");

	private DrillAnalysis() {
	}

	/**
	 * The facts a drill is judged on.
	 *
	 * @param type drill type
	 * @param rtoTargetSeconds the environment's RTO target, seconds
	 * @param runStatus status of the drill's run
	 * @param runStartedAt when the run started, or {@code null} while queued
	 * @param runFinishedAt when the run ended, or {@code null}
	 * @param reportedAt when the report was made (the end of the {@code report} step), or {@code null}
	 * @param now the current time, for a drill in progress
	 * @param backupSizeBytes size of the restored backup (dump plus media), bytes
	 * @param rpoSeconds drill start minus backup time, seconds
	 * @param manifestPresent whether the backup had a manifest
	 */
	record Facts(DrillType type, long rtoTargetSeconds, RunStatus runStatus, @Nullable Instant runStartedAt,
			@Nullable Instant runFinishedAt, @Nullable Instant reportedAt, Instant now, long backupSizeBytes,
			long rpoSeconds, boolean manifestPresent) {
	}

	static DrillResults analyze(List<DrillEvent> events, Facts facts) {
		Map<String, DrillEvent> starts = new HashMap<>();
		Map<String, DrillEvent> ends = new HashMap<>();
		List<DrillResults.Check> checks = new ArrayList<>();
		List<DrillResults.Finding> findings = new ArrayList<>();
		Map<String, Double> metrics = new LinkedHashMap<>();
		for (DrillEvent event : events) {
			switch (String.valueOf(event.type())) {
				case "step" -> {
					String step = event.text("step");
					if (step != null) {
						("start".equals(event.text("event")) ? starts : ends).putIfAbsent(step, event);
					}
				}
				case "check" -> checks.add(new DrillResults.Check(String.valueOf(event.text("kind")), event.text("name"),
						event.text("expected"), event.text("actual"), event.data().path("ok").asBoolean(false)));
				case "finding" -> findings.add(new DrillResults.Finding(
						(event.text("severity") != null) ? event.text("severity") : "warning",
						String.valueOf(event.text("message"))));
				case "metric" -> {
					if (event.text("name") != null && event.data().path("value").isNumber()) {
						metrics.put(event.text("name"), event.data().path("value").asDouble());
					}
				}
				default -> {
					// unknown event types from newer playbooks are ignored
				}
			}
		}
		if (!facts.manifestPresent() && findings.stream().noneMatch(f -> f.message().contains("manifest"))) {
			findings.add(new DrillResults.Finding("warning",
					"The backup has no manifest.json: checks fell back to sizes and pg_restore --list"));
		}
		boolean runEnded = facts.runStatus().isTerminal();
		List<DrillResults.Step> steps = steps(starts, ends, facts, runEnded);
		DrillStatus status = status(facts, runEnded, checks, findings);
		Instant start = facts.runStartedAt();
		Instant end = runEnded ? (facts.reportedAt() != null ? facts.reportedAt() : facts.runFinishedAt()) : facts.now();
		double duration = (start != null && end != null) ? seconds(start, end) : 0;
		String compliance = status.isFinished()
				? ((status != DrillStatus.FAILED && duration <= facts.rtoTargetSeconds()) ? "PolicyMet" : "PolicyBreached")
				: null;
		DrillResults partial = new DrillResults(status, duration, compliance, steps, checks, findings, metrics, List.of());
		return new DrillResults(status, duration, compliance, steps, checks, findings, metrics,
				status.isFinished() ? Recommendations.derive(partial, facts) : List.of());
	}

	private static List<DrillResults.Step> steps(Map<String, DrillEvent> starts, Map<String, DrillEvent> ends,
			Facts facts, boolean runEnded) {
		List<DrillResults.Step> steps = new ArrayList<>();
		Instant cursor = facts.runStartedAt();
		for (String name : STEPS) {
			if (name.equals("report")) {
				steps.add(report(facts, runEnded, cursor));
				continue;
			}
			DrillEvent start = starts.get(name);
			DrillEvent end = ends.get(name);
			Instant from = (cursor != null) ? cursor : (start != null ? start.time() : null);
			if (end != null) {
				String status = (end.text("status") != null) ? end.text("status") : "succeeded";
				// an end dated before the step's start (an "ago" reaching back too far) ends where it started
				Instant to = (from != null && end.time().isBefore(from)) ? from : end.time();
				steps.add(new DrillResults.Step(name, status, from, to, (from != null) ? seconds(from, to) : 0,
						end.text("message")));
				cursor = to;
			}
			else if (start != null) {
				Instant until = runEnded ? facts.runFinishedAt() : facts.now();
				steps.add(new DrillResults.Step(name, runEnded ? "failed" : "running", from, runEnded ? until : null,
						(from != null && until != null) ? seconds(from, until) : 0,
						runEnded ? "the run ended during this step (" + facts.runStatus() + ")" : null));
				cursor = until;
			}
			else {
				steps.add(new DrillResults.Step(name, runEnded ? "skipped" : "pending", null, null, 0, null));
			}
		}
		return steps;
	}

	/**
	 * The report step starts where the last measured step ended, so the playbook's clean-up and the time until
	 * Opsdeck noticed the run's end count to it, and the steps add up to the drill's duration.
	 */
	private static DrillResults.Step report(Facts facts, boolean runEnded, Instant cursor) {
		if (!runEnded || facts.runFinishedAt() == null) {
			return new DrillResults.Step("report", "pending", null, null, 0, null);
		}
		Instant reported = (facts.reportedAt() != null) ? facts.reportedAt() : facts.runFinishedAt();
		Instant from = (cursor != null && !cursor.isAfter(reported)) ? cursor : facts.runFinishedAt();
		return new DrillResults.Step("report", "succeeded", from, reported, seconds(from, reported), "report written");
	}

	private static DrillStatus status(Facts facts, boolean runEnded, List<DrillResults.Check> checks,
			List<DrillResults.Finding> findings) {
		if (!runEnded) {
			return (facts.runStatus() == RunStatus.QUEUED) ? DrillStatus.QUEUED : DrillStatus.RUNNING;
		}
		if (facts.runStatus() != RunStatus.SUCCEEDED) {
			return DrillStatus.FAILED;
		}
		boolean checkFailed = checks.stream().anyMatch(check -> !check.ok());
		boolean warned = findings.stream().anyMatch(f -> !"info".equals(f.severity()));
		return (checkFailed || warned) ? DrillStatus.PARTIALLY_FAILED : DrillStatus.SUCCEEDED;
	}

	static double seconds(Instant from, Instant to) {
		return Math.max(0, Duration.between(from, to).toMillis() / 1000.0);
	}

}
