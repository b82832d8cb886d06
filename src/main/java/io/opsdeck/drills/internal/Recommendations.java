package io.opsdeck.drills.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What to improve after a drill, derived from its step timings and findings. The kinds come from the seed's DR
 * Metrics ("Optimization Tips": faster network connections, optimise backup size, incremental backups, keep media
 * lean); the thresholds are shares of the RTO target.
 */
final class Recommendations {

	private Recommendations() {
	}

	static List<String> derive(DrillResults results, DrillAnalysis.Facts facts) {
		List<String> advice = new ArrayList<>();
		double rto = facts.rtoTargetSeconds();
		results.steps().stream().filter(step -> "failed".equals(step.status())).findFirst().ifPresent(step -> advice
			.add("Fix the " + step.name() + " step first: " + (step.message() != null ? step.message() : "it failed")
					+ "."));
		step(results, "download").filter(seconds -> seconds > rto / 3).ifPresent(seconds -> {
			Double bytes = results.metrics().get("download_bytes");
			String speed = (bytes != null && seconds > 0) ? String.format(Locale.ROOT, " (%.1f MB/s)", bytes / seconds / 1e6)
					: "";
			advice.add(String.format(Locale.ROOT,
					"The backup download took %s%s, over a third of the %s target: use a faster network path to the "
							+ "storage (same region, private endpoint) or make the backups smaller.",
					minutes(seconds), speed, minutes(rto)));
		});
		step(results, "database-restore").filter(seconds -> seconds > rto / 2)
			.ifPresent(seconds -> advice.add("The database restore took " + minutes(seconds)
					+ ", over half the target: raise restore_jobs for a parallel pg_restore, trim the database, or "
					+ "move to incremental backups (WAL archiving) so less has to be replayed."));
		step(results, "media-restore").filter(seconds -> seconds > rto / 3)
			.ifPresent(seconds -> advice.add("The media restore took " + minutes(seconds)
					+ ": keep media lean (serve user uploads from object storage) so there is less to copy back."));
		if (results.status() != io.opsdeck.drills.DrillStatus.FAILED && results.durationSeconds() > 0.8 * rto
				&& results.durationSeconds() <= rto) {
			advice.add(String.format(Locale.ROOT, "The drill used %.0f%% of the %s target: little margin is left.",
					100 * results.durationSeconds() / rto, minutes(rto)));
		}
		if (results.durationSeconds() > rto) {
			advice.add("The drill took " + minutes(results.durationSeconds()) + ", beyond the " + minutes(rto)
					+ " target: the slowest steps above are where the time goes.");
		}
		if (!facts.manifestPresent()) {
			advice.add("Make backups with a manifest (Opsdeck's backup.yml writes one) so every restore can be "
					+ "checked table by table.");
		}
		if (results.checks().stream().anyMatch(check -> !check.ok())) {
			advice.add("Restored data does not match the backup's manifest: look at the failed checks before "
					+ "trusting this backup.");
		}
		if (facts.rpoSeconds() > 26 * 3600) {
			advice.add("The restored backup was " + hours(facts.rpoSeconds())
					+ " old when the drill started: check that backups run every day.");
		}
		return advice;
	}

	private static Optional<Double> step(DrillResults results, String name) {
		return results.steps()
			.stream()
			.filter(step -> step.name().equals(name) && "succeeded".equals(step.status()))
			.map(DrillResults.Step::durationSeconds)
			.findFirst();
	}

	static String minutes(double seconds) {
		return (seconds < 120) ? String.format(Locale.ROOT, "%.0f s", seconds)
				: String.format(Locale.ROOT, "%.1f min", seconds / 60);
	}

	private static String hours(long seconds) {
		return String.format(Locale.ROOT, "%.1f h", seconds / 3600.0);
	}

}
