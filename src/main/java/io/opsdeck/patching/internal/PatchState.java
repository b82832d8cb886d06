package io.opsdeck.patching.internal;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * A server's stored patch state: one row of {@code server_patch_state}.
 *
 * @param serverId server id
 * @param pendingSecurity pending security upgrades
 * @param pendingOther other pending upgrades
 * @param rebootRequired whether a reboot is needed
 * @param rebootRequiredSince since when, or {@code null}
 * @param rebootRequiredPackages packages that asked for it
 * @param runningKernel running kernel, or {@code null}
 * @param newestKernel newest installed kernel, or {@code null}
 * @param lastRunId last run that reported on the server (dry runs included)
 * @param lastUpdateRunId last run that upgraded it (not a dry run), or {@code null}
 * @param lastMode mode of the last run
 * @param lastCheckedAt when the last {@code patch-report} arrived; {@code null}: never
 * @param lastError the last run's failure on this server, {@code null} when it reported
 * @param updatedAt when the row was last changed (the time of the event it came from)
 */
record PatchState(UUID serverId, List<PackageChange> pendingSecurity, List<PackageChange> pendingOther,
		boolean rebootRequired, @Nullable Instant rebootRequiredSince, List<String> rebootRequiredPackages,
		@Nullable String runningKernel, @Nullable String newestKernel, @Nullable UUID lastRunId,
		@Nullable UUID lastUpdateRunId, @Nullable String lastMode, @Nullable Instant lastCheckedAt,
		@Nullable String lastError, Instant updatedAt) {

	PatchState {
		pendingSecurity = List.copyOf(pendingSecurity);
		pendingOther = List.copyOf(pendingOther);
		rebootRequiredPackages = List.copyOf(rebootRequiredPackages);
	}

	/** @return the state of a server nothing has reported on yet */
	static PatchState unknown(UUID serverId, Instant now) {
		return new PatchState(serverId, List.of(), List.of(), false, null, List.of(), null, null, null, null, null,
				null, null, now);
	}

}
