package io.opsdeck.execution.web;

import java.time.Instant;
import java.util.UUID;

import io.opsdeck.execution.internal.Run;
import org.jspecify.annotations.Nullable;

/**
 * A run in a list: what, where, who, when and how it ended.
 */
public record RunSummaryView(UUID id, String kind, String status, @Nullable String environment,
		@Nullable String playbook, @Nullable String command, String triggeredBy, Instant createdAt,
		@Nullable Instant startedAt, @Nullable Instant finishedAt, long durationSeconds, @Nullable Integer exitCode,
		@Nullable String message) {

	static RunSummaryView of(Run run) {
		return new RunSummaryView(run.getId(), run.getKind().value(), run.getStatus().name(), run.getEnvironment(),
				run.getPlaybook(), run.getCommand(), run.getTriggeredBy(), run.getCreatedAt(), run.getStartedAt(),
				run.getFinishedAt(), run.duration().toSeconds(), run.getExitCode(), run.getMessage());
	}

}
