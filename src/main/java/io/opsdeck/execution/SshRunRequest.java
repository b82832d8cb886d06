package io.opsdeck.execution;

import java.util.List;
import java.util.UUID;

/**
 * One command on one or more servers. The command is executed by each server's login shell, exactly as
 * {@code ssh host 'command'} would; Opsdeck never hands it to a shell of its own (except for servers on the local
 * connection, whose "remote" shell is the Opsdeck host's).
 *
 * @param command the command line, 1 to 8192 characters
 * @param servers server ids, 1 to 500, run in this order
 * @param parallelism how many servers at once, 1 to 100 ({@code null}: 10)
 * @param timeoutSeconds limit for the whole run in seconds ({@code null}: configured default)
 */
public record SshRunRequest(String command, List<UUID> servers, Integer parallelism, Integer timeoutSeconds)
		implements RunRequest {

	public SshRunRequest {
		servers = List.copyOf(servers);
	}

	@Override
	public RunKind kind() {
		return RunKind.SSH;
	}

}
