package io.opsdeck.drills.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.opsdeck.drills.DrillStatus;
import io.opsdeck.drills.DrillType;
import io.opsdeck.execution.RunLine;
import io.opsdeck.execution.RunStatus;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class DrillAnalysisTests {

	private static final Instant T0 = Instant.parse("2026-01-05T02:00:00Z");

	private final List<RunLine> lines = new ArrayList<>();

	private void event(int second, String json) {
		lines.add(new RunLine(lines.size() + 1, T0.plusSeconds(second), "stdout", null, "OPSDECK-EVENT " + json));
	}

	private void step(int start, int end, String name, String status) {
		event(start, "{\"type\":\"step\",\"step\":\"" + name + "\",\"event\":\"start\"}");
		event(end, "{\"type\":\"step\",\"step\":\"" + name + "\",\"event\":\"end\",\"status\":\"" + status
				+ "\",\"message\":\"" + name + " done\"}");
	}

	private DrillAnalysis.Facts facts(RunStatus status, Integer finished, Integer reported, int rto) {
		return new DrillAnalysis.Facts(DrillType.FULL, rto, status, T0,
				(finished != null) ? T0.plusSeconds(finished) : null, (reported != null) ? T0.plusSeconds(reported) : null,
				T0.plusSeconds(500), 1_000_000, 3600, true);
	}

	private void fullDrill() {
		step(1, 3, "validation", "succeeded");
		step(3, 20, "download", "succeeded");
		step(20, 25, "safety-backup", "succeeded");
		step(25, 60, "database-restore", "succeeded");
		step(60, 70, "media-restore", "succeeded");
		step(70, 72, "app-start", "succeeded");
		step(72, 80, "health-checks", "succeeded");
	}

	@Test
	void eventsWithAgoAreDatedWhenTheyHappenedOnTheServer() {
		step(1, 3, "validation", "succeeded");
		event(3, "{\"type\":\"step\",\"step\":\"download\",\"event\":\"start\"}");
		// one server task ran download, safety-backup and database-restore; its events arrive together at 60 s
		event(60, "{\"type\":\"step\",\"step\":\"download\",\"event\":\"end\",\"status\":\"succeeded\",\"ago\":40}");
		event(60, "{\"type\":\"step\",\"step\":\"safety-backup\",\"event\":\"start\",\"ago\":40}");
		event(60, "{\"type\":\"step\",\"step\":\"safety-backup\",\"event\":\"end\",\"status\":\"succeeded\",\"ago\":39.5}");
		event(60, "{\"type\":\"step\",\"step\":\"database-restore\",\"event\":\"start\",\"ago\":39.5}");
		event(60, "{\"type\":\"step\",\"step\":\"database-restore\",\"event\":\"end\",\"status\":\"succeeded\",\"ago\":0.25}");
		DrillResults results = DrillAnalysis.analyze(DrillEvent.parse(lines), facts(RunStatus.RUNNING, null, null, 1800));

		assertThat(results.steps().subList(0, 4)).extracting(DrillResults.Step::durationSeconds)
			.containsExactly(3.0, 17.0, 0.5, 39.25);
		assertThat(results.steps().get(3).finishedAt()).isEqualTo(T0.plusMillis(59_750));
		assertThat(results.steps().get(4).status()).isEqualTo("pending");
	}

	@Test
	void anAgoThatCannotBeRightIsIgnoredOrClampedSoStepsStayContiguous() {
		step(1, 3, "validation", "succeeded");
		event(3, "{\"type\":\"step\",\"step\":\"download\",\"event\":\"start\"}");
		// negative, not a number, more than a week: dated when read
		event(10, "{\"type\":\"step\",\"step\":\"download\",\"event\":\"end\",\"status\":\"succeeded\",\"ago\":-5}");
		event(12, "{\"type\":\"step\",\"step\":\"safety-backup\",\"event\":\"end\",\"status\":\"succeeded\",\"ago\":\"2\"}");
		event(14, "{\"type\":\"step\",\"step\":\"database-restore\",\"event\":\"end\",\"status\":\"succeeded\",\"ago\":1e9}");
		// reaching back before the previous step's end (clocks do not go back): the step takes no time
		event(15, "{\"type\":\"step\",\"step\":\"media-restore\",\"event\":\"end\",\"status\":\"succeeded\",\"ago\":10}");
		event(16, "{\"type\":\"step\",\"step\":\"app-start\",\"event\":\"end\",\"status\":\"succeeded\"}");
		DrillResults results = DrillAnalysis.analyze(DrillEvent.parse(lines), facts(RunStatus.RUNNING, null, null, 1800));

		assertThat(results.steps().subList(0, 6)).extracting(DrillResults.Step::durationSeconds)
			.containsExactly(3.0, 7.0, 2.0, 2.0, 0.0, 2.0);
		assertThat(results.steps().get(4).startedAt()).isEqualTo(T0.plusSeconds(14));
		assertThat(results.steps().get(4).finishedAt()).isEqualTo(T0.plusSeconds(14));
	}

	@Test
	void stepsAreContiguousAndAddUpToTheDuration() {
		fullDrill();
		DrillResults results = DrillAnalysis.analyze(DrillEvent.parse(lines), facts(RunStatus.SUCCEEDED, 82, 83, 1800));

		assertThat(results.steps()).extracting(DrillResults.Step::name).containsExactlyElementsOf(DrillAnalysis.STEPS);
		assertThat(results.steps()).allSatisfy(step -> assertThat(step.status()).isEqualTo("succeeded"));
		double sum = results.steps().stream().mapToDouble(DrillResults.Step::durationSeconds).sum();
		assertThat(results.durationSeconds()).isEqualTo(83.0);
		assertThat(sum).isCloseTo(results.durationSeconds(), within(0.001));
		// the first step starts with the run, the report absorbs the playbook's clean-up after the last step
		assertThat(results.steps().get(0).durationSeconds()).isEqualTo(3.0);
		assertThat(results.steps().get(7).durationSeconds()).isEqualTo(3.0);
		assertThat(results.status()).isEqualTo(DrillStatus.SUCCEEDED);
		assertThat(results.compliance()).isEqualTo("PolicyMet");
	}

	@Test
	void aDrillOverTheTargetBreachesThePolicyAndSaysWhereTheTimeWent() {
		fullDrill();
		DrillResults results = DrillAnalysis.analyze(DrillEvent.parse(lines), facts(RunStatus.SUCCEEDED, 82, 83, 60));

		assertThat(results.compliance()).isEqualTo("PolicyBreached");
		assertThat(results.recommendations()).anyMatch(advice -> advice.contains("beyond the 60 s target"));
		assertThat(results.recommendations()).anyMatch(advice -> advice.contains("database restore"));
	}

	@Test
	void aFailedStepFailsTheDrillAndTheStepsAfterItAreSkipped() {
		step(1, 3, "validation", "succeeded");
		step(3, 10, "download", "failed");
		DrillResults results = DrillAnalysis.analyze(DrillEvent.parse(lines), facts(RunStatus.FAILED, 11, 12, 1800));

		assertThat(results.status()).isEqualTo(DrillStatus.FAILED);
		assertThat(results.compliance()).isEqualTo("PolicyBreached");
		assertThat(results.steps()).extracting(DrillResults.Step::status)
			.containsExactly("succeeded", "failed", "skipped", "skipped", "skipped", "skipped", "skipped", "succeeded");
		assertThat(results.recommendations()).first().asString().startsWith("Fix the download step first");
	}

	@Test
	void aCheckMismatchOrAWarningMakesItPartiallyFailed() {
		fullDrill();
		event(75, "{\"type\":\"check\",\"kind\":\"table-rows\",\"name\":\"public.users\",\"expected\":12,\"actual\":11,\"ok\":false}");
		DrillResults results = DrillAnalysis.analyze(DrillEvent.parse(lines), facts(RunStatus.SUCCEEDED, 82, 83, 1800));

		assertThat(results.status()).isEqualTo(DrillStatus.PARTIALLY_FAILED);
		assertThat(results.checks()).singleElement().satisfies(check -> {
			assertThat(check.expected()).isEqualTo("12");
			assertThat(check.actual()).isEqualTo("11");
		});
	}

	@Test
	void whileRunningTheCurrentStepIsRunningAndTheRestPending() {
		step(1, 3, "validation", "succeeded");
		event(4, "{\"type\":\"step\",\"step\":\"download\",\"event\":\"start\"}");
		DrillResults results = DrillAnalysis.analyze(DrillEvent.parse(lines), facts(RunStatus.RUNNING, null, null, 1800));

		assertThat(results.status()).isEqualTo(DrillStatus.RUNNING);
		assertThat(results.compliance()).isNull();
		assertThat(results.steps()).extracting(DrillResults.Step::status)
			.containsExactly("succeeded", "running", "pending", "pending", "pending", "pending", "pending", "pending");
		assertThat(results.steps().get(1).durationSeconds()).isEqualTo(497.0);
	}

	@Test
	void aMissingManifestIsAWarningFindingEvenIfThePlaybookSaidNothing() {
		fullDrill();
		DrillAnalysis.Facts facts = new DrillAnalysis.Facts(DrillType.FULL, 1800, RunStatus.SUCCEEDED, T0,
				T0.plusSeconds(82), T0.plusSeconds(83), T0.plusSeconds(90), 1000, 60, false);
		DrillResults results = DrillAnalysis.analyze(DrillEvent.parse(lines), facts);

		assertThat(results.status()).isEqualTo(DrillStatus.PARTIALLY_FAILED);
		assertThat(results.findings()).anyMatch(f -> f.message().contains("manifest"));
	}

	@Test
	void linesThatAreNotEventsAreIgnored() {
		lines.add(new RunLine(1, T0, "stdout", null, "TASK [download] ****"));
		lines.add(new RunLine(2, T0, "stderr", null, "OPSDECK-EVENT {\"type\":\"step\"}"));
		lines.add(new RunLine(3, T0, "stdout", null, "OPSDECK-EVENT {not json"));
		lines.add(new RunLine(4, T0, "stdout", null, "OPSDECK-EVENT [1,2]"));

		assertThat(DrillEvent.parse(lines)).isEmpty();
	}

}
