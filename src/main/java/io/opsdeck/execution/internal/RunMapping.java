package io.opsdeck.execution.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import io.opsdeck.execution.RunKind;
import io.opsdeck.execution.RunSummary;
import org.jspecify.annotations.Nullable;

/**
 * Maps stored runs to the module's public views.
 */
public final class RunMapping {

	private RunMapping() {
	}

	/** @return the list view of a run */
	public static RunSummary summary(Run run) {
		return summary(run.getId(), run.getKind(), run.getStatus().name(), run.getEnvironment(), run.getPlaybook(),
				run.getCommand(), run.getTriggeredBy(), run.getCreatedAt(), run.getStartedAt(), run.getFinishedAt(),
				run.getExitCode(), run.getMessage(), run.getLabel());
	}

	/**
	 * The list view from a run's columns (the runs list reads them with plain SQL, {@link RunList}); the duration is
	 * {@link Run#duration()}'s: start to end, or to now while the run goes on, zero before it started.
	 * @return the list view
	 */
	static RunSummary summary(UUID id, RunKind kind, String status, @Nullable String environment,
			@Nullable String playbook, @Nullable String command, String triggeredBy, Instant createdAt,
			@Nullable Instant startedAt, @Nullable Instant finishedAt, @Nullable Integer exitCode,
			@Nullable String message, @Nullable String label) {
		return new RunSummary(id, kind.value(), status, environment, playbook, command, triggeredBy, createdAt,
				startedAt, finishedAt, Run.duration(startedAt, finishedAt).toSeconds(), exitCode, message, label);
	}

}
