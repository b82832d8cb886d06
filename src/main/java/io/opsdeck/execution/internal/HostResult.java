package io.opsdeck.execution.internal;

import java.util.UUID;

import io.opsdeck.execution.HostStatus;
import org.jspecify.annotations.Nullable;

/**
 * What an executor reports for one host at the end of a run.
 *
 * @param host inventory host name
 * @param serverId the server, when the host is one of Opsdeck's servers
 * @param status outcome
 * @param exitCode the command's exit status (SSH runs), else {@code null}
 * @param counters Ansible recap counters, or {@link Counters#NONE}
 * @param message first failure or unreachable message, or {@code null}
 */
public record HostResult(String host, @Nullable UUID serverId, HostStatus status, @Nullable Integer exitCode,
		Counters counters, @Nullable String message) {

	/** Ansible play recap counters for one host. */
	public record Counters(int ok, int changed, int failed, int unreachable, int skipped, int rescued, int ignored) {

		public static final Counters NONE = new Counters(0, 0, 0, 0, 0, 0, 0);

	}

	public static HostResult of(String host, @Nullable UUID serverId, HostStatus status, @Nullable Integer exitCode,
			@Nullable String message) {
		return new HostResult(host, serverId, status, exitCode, Counters.NONE, message);
	}

}
