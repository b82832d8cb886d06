package io.opsdeck.patching.internal;

import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * What one host reported at the end of an update run: a {@code patch-report} or a {@code patch-error} event
 * (docs/design/schedules-contract.md).
 */
sealed interface HostOutcome permits HostOutcome.Report, HostOutcome.Failure {

	/** @return the inventory host name: the server's name */
	String host();

	/** @return when Opsdeck read the event */
	Instant time();

	/**
	 * A {@code patch-report}.
	 *
	 * @param host server name
	 * @param time when read
	 * @param mode the mode the playbook ran in
	 * @param check whether the playbook ran under {@code --check}
	 * @param upgraded packages changed by the run (empty under {@code --check})
	 * @param pendingSecurity upgrades still pending from the security pocket
	 * @param pendingOther other upgrades still pending
	 * @param rebootRequired whether a reboot is needed
	 * @param rebootRequiredSince mtime of {@code /var/run/reboot-required}, or {@code null}
	 * @param rebootRequiredPackages {@code /var/run/reboot-required.pkgs}
	 * @param runningKernel {@code uname -r}
	 * @param newestKernel newest installed kernel
	 * @param rebooted whether the run rebooted the host
	 */
	record Report(String host, Instant time, @Nullable String mode, boolean check, List<PackageChange> upgraded,
			List<PackageChange> pendingSecurity, List<PackageChange> pendingOther, boolean rebootRequired,
			@Nullable Instant rebootRequiredSince, List<String> rebootRequiredPackages, @Nullable String runningKernel,
			@Nullable String newestKernel, boolean rebooted) implements HostOutcome {
	}

	/**
	 * A {@code patch-error}.
	 *
	 * @param host server name
	 * @param time when read
	 * @param reason {@code lock-timeout}, {@code dpkg-repair-failed}, {@code no-matching-packages},
	 * {@code upgrade-failed} or {@code health-check-failed}
	 * @param message what went wrong
	 */
	record Failure(String host, Instant time, String reason, @Nullable String message) implements HostOutcome {

		/** @return {@code reason: message}, at most 2000 characters */
		String describe() {
			String text = (message == null || message.isBlank()) ? reason : reason + ": " + message;
			return (text.length() > 2000) ? text.substring(0, 2000) : text;
		}

	}

}
