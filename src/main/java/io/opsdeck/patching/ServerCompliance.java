package io.opsdeck.patching;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * One server's patch state as the last update run that reported on it left it.
 *
 * @param serverId server id
 * @param server server name
 * @param pendingSecurityUpdates upgradable packages from the security pocket
 * @param pendingOtherUpdates other upgradable packages
 * @param pendingSecurityPackages names of the pending security updates, sorted
 * @param rebootRequired {@code /var/run/reboot-required} exists or the newest installed kernel is not running
 * @param rebootRequiredSince when the reboot became necessary (the mtime of {@code /var/run/reboot-required}, else
 * the first report that saw it), or {@code null}
 * @param rebootRequiredPackages packages that asked for the reboot ({@code /var/run/reboot-required.pkgs})
 * @param runningKernel {@code uname -r}, or {@code null}
 * @param newestKernel the newest installed kernel, or {@code null}
 * @param lastUpdateRunId the last run that upgraded (not a dry run) and reported on this server, or {@code null}
 * @param lastRunId the last run that reported on this server, dry runs included, or {@code null}
 * @param lastCheckedAt when the last report arrived, or {@code null} when never checked
 * @param lastError the reason and message of the last run's failure on this server ({@code lock-timeout: ...}),
 * {@code null} when it reported normally
 * @param compliant {@code status == COMPLIANT}
 * @param status the compliance state
 */
public record ServerCompliance(UUID serverId, String server, int pendingSecurityUpdates, int pendingOtherUpdates,
		List<String> pendingSecurityPackages, boolean rebootRequired, @Nullable Instant rebootRequiredSince,
		List<String> rebootRequiredPackages, @Nullable String runningKernel, @Nullable String newestKernel,
		@Nullable UUID lastUpdateRunId, @Nullable UUID lastRunId, @Nullable Instant lastCheckedAt,
		@Nullable String lastError, boolean compliant, PatchStatus status) {

	/**
	 * @param pendingSecurity pending security updates
	 * @param rebootRequired whether a reboot is needed
	 * @param checked whether any report arrived
	 * @return the state: unknown before the first report, then non-compliant while security updates are pending,
	 * pending reboot while only the reboot is missing, else compliant
	 */
	public static PatchStatus statusOf(int pendingSecurity, boolean rebootRequired, boolean checked) {
		if (!checked) {
			return PatchStatus.UNKNOWN;
		}
		if (pendingSecurity > 0) {
			return PatchStatus.NON_COMPLIANT;
		}
		return rebootRequired ? PatchStatus.PENDING_REBOOT : PatchStatus.COMPLIANT;
	}

}
