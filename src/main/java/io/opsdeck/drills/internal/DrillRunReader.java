package io.opsdeck.drills.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.opsdeck.drills.DrillStatus;
import io.opsdeck.execution.RunStatus;
import io.opsdeck.execution.RunSummary;
import io.opsdeck.execution.Runs;

import org.springframework.stereotype.Component;

/**
 * Reads a drill's results from its run: the run's status and times and the {@code OPSDECK-EVENT} lines of its
 * output, analysed by {@link DrillAnalysis}.
 */
@Component
class DrillRunReader {


	private final Runs runs;

	DrillRunReader(Runs runs) {
		this.runs = runs;
	}

	/**
	 * @param drill the drill
	 * @param reportedAt the end of the report step, or {@code null} while the drill is not being finished
	 * @return the results as of now
	 */
	DrillResults read(Drill drill, Instant reportedAt) {
		RunSummary run = runs.find(drill.getRunId()).orElse(null);
		if (run == null) {
			// the run is gone (deleted by hand): the drill cannot be judged
			return new DrillResults(DrillStatus.FAILED, 0, "PolicyBreached", List.of(), List.of(),
					List.of(new DrillResults.Finding("error", "the drill's run " + drill.getRunId() + " no longer exists")),
					java.util.Map.of(), List.of());
		}
		RunStatus status = RunStatus.valueOf(run.status());
		List<DrillEvent> events = DrillEvent.parse(runs.allLines(drill.getRunId()));
		DrillAnalysis.Facts facts = new DrillAnalysis.Facts(drill.getType(), drill.getRtoTargetSeconds(), status,
				run.startedAt(), run.finishedAt(), status.isTerminal() ? reportedAt : null, Instant.now(),
				drill.getBackupSize(), drill.getRpoSeconds(), drill.isManifestPresent());
		DrillResults results = DrillAnalysis.analyze(events, facts);
		if (status.isTerminal() && status != RunStatus.SUCCEEDED && run.message() != null) {
			List<DrillResults.Finding> findings = new ArrayList<>(results.findings());
			findings.add(0, new DrillResults.Finding("error", "run " + status + ": " + run.message()));
			return new DrillResults(results.status(), results.durationSeconds(), results.compliance(), results.steps(),
					results.checks(), findings, results.metrics(), results.recommendations());
		}
		return results;
	}


}
