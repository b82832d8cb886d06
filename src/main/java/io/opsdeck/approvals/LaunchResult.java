package io.opsdeck.approvals;

import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * What an approved launch started.
 *
 * @param runId the run, or {@code null} for a launch that is no run (a backup cleanup deletes at once)
 * @param message one line for the request's history, e.g. {@code run queued} or {@code deleted 3 backups
 * (1.2 GB)}
 */
public record LaunchResult(@Nullable UUID runId, String message) {

	/** @return the result of a queued run */
	public static LaunchResult run(UUID runId) {
		return new LaunchResult(runId, "run " + runId + " queued");
	}

}
