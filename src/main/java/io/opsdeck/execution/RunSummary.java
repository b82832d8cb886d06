package io.opsdeck.execution;

import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.annotation.JsonSerialize;

/**
 * A run in a list: what, where, who, when and how it ended. In JSON the times are ISO-8601 in UTC as
 * {@link Instant#toString()} writes them ({@code 2026-12-05T13:09:31.271908Z}).
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
		@Nullable String playbook, @Nullable String command, String triggeredBy,
		@JsonSerialize(using = IsoInstantSerializer.class) Instant createdAt,
		@JsonSerialize(using = IsoInstantSerializer.class) @Nullable Instant startedAt,
		@JsonSerialize(using = IsoInstantSerializer.class) @Nullable Instant finishedAt, long durationSeconds,
		@Nullable Integer exitCode, @Nullable String message, @Nullable String label) {

}
