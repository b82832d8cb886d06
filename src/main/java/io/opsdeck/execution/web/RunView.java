package io.opsdeck.execution.web;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.opsdeck.execution.internal.Run;
import io.opsdeck.execution.internal.RunHost;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A run as the API returns it.
 *
 * @param id run id
 * @param kind {@code ssh} or {@code ansible}
 * @param status state machine status
 * @param environment environment name, if the run has one
 * @param playbook ansible playbook
 * @param command ssh command
 * @param parameters the request's other parameters; secret extra vars appear by name only
 * @param triggeredBy {@code user:<name>}, {@code token:<name>}, {@code schedule:<name>}
 * @param createdAt when it was queued
 * @param startedAt when a node started it
 * @param finishedAt when it ended
 * @param durationSeconds time from start to end (or now), seconds
 * @param exitCode exit code (ansible: 2 hosts failed, 4 unreachable; ssh: 255 unreachable)
 * @param message one-line summary of a failure, cancel or timeout
 * @param timeoutSeconds wall-clock limit, seconds
 * @param node node that executed it
 * @param lineCount lines of output so far
 * @param outputBytes bytes of output so far
 * @param firstFailureSeq sequence number of the first line that reports a failure
 * @param cancelRequestedBy who asked to cancel it
 * @param hosts per-host results
 * @param exclusive whether the run holds its environment's one slot for drills, backups and updates
 * @param label what the run is for, or {@code null}
 */
public record RunView(UUID id, String kind, String status, @Nullable String environment, @Nullable String playbook,
		@Nullable String command, JsonNode parameters, String triggeredBy, Instant createdAt,
		@Nullable Instant startedAt, @Nullable Instant finishedAt, long durationSeconds, @Nullable Integer exitCode,
		@Nullable String message, int timeoutSeconds, @Nullable String node, long lineCount, long outputBytes,
		@Nullable Long firstFailureSeq, @Nullable String cancelRequestedBy, List<HostView> hosts, boolean exclusive,
		@Nullable String label) {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	/**
	 * @param run the stored run
	 * @param live {@code [lines, bytes, firstFailureSeq or -1]} of a run executing on this node, or {@code null}
	 */
	static RunView of(Run run, long @Nullable [] live) {
		long lines = (live != null) ? live[0] : run.getLineCount();
		long bytes = (live != null) ? live[1] : run.getOutputBytes();
		Long firstFailure = (live != null) ? ((live[2] > 0) ? live[2] : null) : run.getFirstFailureSeq();
		return new RunView(run.getId(), run.getKind().value(), run.getStatus().name(), run.getEnvironment(),
				run.getPlaybook(), run.getCommand(), JSON.readTree(run.getParameters()), run.getTriggeredBy(),
				run.getCreatedAt(), run.getStartedAt(), run.getFinishedAt(), run.duration().toSeconds(),
				run.getExitCode(), run.getMessage(), run.getTimeoutSeconds(), run.getNodeId(), lines, bytes,
				firstFailure, run.getCancelRequestedBy(), run.getHosts().stream().map(HostView::of).toList(),
				run.isExclusive(), run.getLabel());
	}

	/** Per-host result: exit status (ssh) or play recap counters (ansible). */
	public record HostView(String host, @Nullable UUID serverId, String status, @Nullable Integer exitCode, int ok,
			int changed, int failed, int unreachable, int skipped, int rescued, int ignored, @Nullable String message) {

		static HostView of(RunHost host) {
			return new HostView(host.getHost(), host.getServerId(), host.getStatus().name(), host.getExitCode(),
					host.getOk(), host.getChanged(), host.getFailed(), host.getUnreachable(), host.getSkipped(),
					host.getRescued(), host.getIgnored(), host.getMessage());
		}

	}

}
