package io.opsdeck.patching.internal;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * The rules that turn one host's report into its new patch state and the upgrades to record
 * (docs/patching.md, "What is stored"):
 * <ul>
 * <li>a {@code patch-report} replaces the pending lists, reboot state and kernels; a dry run ({@code --check}, said
 * by the run or the report) records no upgrade and leaves the last update run as it was;</li>
 * <li>a reboot is required "since" the mtime of {@code /var/run/reboot-required} when the report has it; when only the
 * kernels differ, since the first report that saw it (kept while it stays required); not at all once it is not;</li>
 * <li>a {@code patch-error} keeps the last known state and notes the failure; the server stays unknown when it was
 * never checked.</li>
 * </ul>
 */
final class PatchStates {

	private PatchStates() {
	}

	/**
	 * @param previous the stored state, or {@code null} when there is none
	 * @param serverId the server the host name resolved to
	 * @param runId the update run
	 * @param runCheck whether the run was launched as a dry run
	 * @param outcome what the host reported
	 * @return the new state and the upgrades to record
	 */
	static Applied apply(@Nullable PatchState previous, UUID serverId, UUID runId, boolean runCheck,
			HostOutcome outcome) {
		PatchState before = (previous != null) ? previous : PatchState.unknown(serverId, outcome.time());
		if (outcome instanceof HostOutcome.Report report) {
			return report(before, runId, runCheck, report);
		}
		HostOutcome.Failure failure = (HostOutcome.Failure) outcome;
		return new Applied(new PatchState(serverId, before.pendingSecurity(), before.pendingOther(),
				before.rebootRequired(), before.rebootRequiredSince(), before.rebootRequiredPackages(),
				before.runningKernel(), before.newestKernel(), runId, before.lastUpdateRunId(), before.lastMode(),
				before.lastCheckedAt(), failure.describe(), failure.time()), List.of());
	}

	private static Applied report(PatchState before, UUID runId, boolean runCheck, HostOutcome.Report report) {
		boolean check = runCheck || report.check();
		Instant since = null;
		if (report.rebootRequired()) {
			since = (report.rebootRequiredSince() != null) ? report.rebootRequiredSince()
					: (before.rebootRequired() && before.rebootRequiredSince() != null) ? before.rebootRequiredSince()
							: report.time();
		}
		List<PackageChange> upgrades = check ? List.of()
				: report.upgraded().stream().filter(p -> !Objects.equals(p.from(), p.to())).toList();
		PatchState state = new PatchState(before.serverId(), report.pendingSecurity(), report.pendingOther(),
				report.rebootRequired(), since, report.rebootRequiredPackages(), report.runningKernel(),
				report.newestKernel(), runId, check ? before.lastUpdateRunId() : runId,
				(report.mode() != null) ? report.mode() : before.lastMode(), report.time(), null, report.time());
		return new Applied(state, upgrades);
	}

	/**
	 * @param state the server's new state
	 * @param upgrades packages the run changed on it (empty for a dry run)
	 */
	record Applied(PatchState state, List<PackageChange> upgrades) {
	}

}
