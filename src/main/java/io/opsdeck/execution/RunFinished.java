package io.opsdeck.execution;

import java.time.Duration;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * Published after a run reached a terminal status and its output is fully stored.
 *
 * @param runId run id
 * @param kind run kind
 * @param status terminal status
 * @param exitCode process exit code; {@code null} when none applies (cancelled before start, interrupted)
 * @param environment environment name, or {@code null} for an SSH run over servers of several environments
 * @param triggeredBy {@code kind:name} of the actor
 * @param duration time from start to end; zero when it never started
 */
public record RunFinished(UUID runId, RunKind kind, RunStatus status, @Nullable Integer exitCode,
		@Nullable String environment, String triggeredBy, Duration duration) {
}
