package io.opsdeck.execution;

import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * A run in a list: what, where, who, when and how it ended.
 *
 * @param id run id
 * @param kind {@code ssh} or {@code ansible}
 * @param status status name
 * @param environment environment name, if any
 * @param playbook ansible playbook, if any
 * @param command ssh command, if any
 * @param triggeredBy {@code kind:name} of the actor
 * @param createdAt when it was queued
 * @param startedAt when it started
 * @param finishedAt when it ended
 * @param durationSeconds start to end (or now), seconds
 * @param exitCode exit code, if any
 * @param message summary of a failure, cancel or timeout
 * @param label what the run is for (e.g. {@code DR drill (full)}), or {@code null}
 */
public record RunSummary(UUID id, String kind, String status, @Nullable String environment,
		@Nullable String playbook, @Nullable String command, String triggeredBy, Instant createdAt,
		@Nullable Instant startedAt, @Nullable Instant finishedAt, long durationSeconds, @Nullable Integer exitCode,
		@Nullable String message, @Nullable String label) {

}
