package io.opsdeck.execution;

/**
 * The outcome of a run on one host. For SSH runs it follows the command's exit status; for Ansible runs it follows
 * the play recap ({@code failed} &gt; 0 → {@code FAILED}, {@code unreachable} &gt; 0 → {@code UNREACHABLE}).
 */
public enum HostStatus {

	/** Not started yet. */
	PENDING,
	/** Exit status 0, or no failed and no unreachable task. */
	SUCCEEDED,
	/** Non-zero exit status or a failed task. */
	FAILED,
	/** Could not connect, authenticate or verify the host key. */
	UNREACHABLE,
	/** Stopped by a cancel, a timeout or the run's interruption (also a host still pending when its node died). */
	CANCELLED,
	/** Not attempted because the run ended first. */
	SKIPPED

}
