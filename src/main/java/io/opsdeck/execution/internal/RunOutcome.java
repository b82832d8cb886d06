package io.opsdeck.execution.internal;

import java.util.List;

import io.opsdeck.execution.RunStatus;
import org.jspecify.annotations.Nullable;

/**
 * What an executor reports at the end of a run.
 *
 * @param status {@code SUCCEEDED} or {@code FAILED} (a stop decides {@code CANCELLED}/{@code TIMED_OUT} itself)
 * @param exitCode the run's exit code: the process's for Ansible; for SSH 0 when every host exited 0, else the first
 * failing host's exit status, 255 when that host was unreachable (the OpenSSH client's convention)
 * @param message a one-line summary for the run record, or {@code null}
 * @param hosts per-host results in target order
 */
public record RunOutcome(RunStatus status, @Nullable Integer exitCode, @Nullable String message,
		List<HostResult> hosts) {

	public RunOutcome {
		hosts = List.copyOf(hosts);
	}

}
