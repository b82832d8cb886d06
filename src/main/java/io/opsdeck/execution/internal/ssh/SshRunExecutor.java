package io.opsdeck.execution.internal.ssh;

import java.io.File;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.opsdeck.credentials.CredentialLease;
import io.opsdeck.credentials.Credentials;
import io.opsdeck.execution.HostStatus;
import io.opsdeck.execution.RunKind;
import io.opsdeck.execution.RunStatus;
import io.opsdeck.execution.internal.ChildEnvironment;
import io.opsdeck.execution.internal.ExecutionControl;
import io.opsdeck.execution.internal.ExecutionThreads;
import io.opsdeck.execution.internal.HostResult;
import io.opsdeck.execution.internal.ProcessTree;
import io.opsdeck.execution.internal.RunExecutor;
import io.opsdeck.execution.internal.RunOutcome;
import io.opsdeck.execution.internal.RunPlan;
import io.opsdeck.execution.internal.StreamPump;
import io.opsdeck.execution.internal.output.RunOutput;
import io.opsdeck.execution.internal.output.StreamKind;
import io.opsdeck.inventory.ServerTarget;
import io.opsdeck.shared.WorkDirectory;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.common.IOUtils;
import net.schmizz.sshj.connection.channel.direct.Session;
import net.schmizz.sshj.connection.channel.direct.Signal;
import net.schmizz.sshj.userauth.UserAuthException;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.stereotype.Component;

/**
 * Runs one command on each target server, at most {@code parallelism} at a time: over SSH (sshj, verified host key,
 * key from a credential lease) or, for servers on the local connection, as a local process started by the login
 * shell of the Opsdeck user. Every line is tagged with its host. A host that exits non-zero or cannot be reached
 * gets a {@code SYSTEM} line saying so.
 */
@Component
class SshRunExecutor implements RunExecutor {

	/**
	 * Exit code reported for a host that could not be reached or failed without an exit status (lost connection,
	 * killed by a signal), as the OpenSSH client does.
	 */
	static final int UNREACHABLE_EXIT = 255;

	private final SshConnector connector;

	private final SshConnections connections;

	private final Credentials credentials;

	private final ExecutionThreads threads;

	private final String localShell;

	private final Map<String, String> owner;

	SshRunExecutor(SshConnector connector, SshConnections connections, Credentials credentials, ExecutionThreads threads,
			@Value("${opsdeck.local-connection.shell:}") String localShell,
			@Value("${opsdeck.data-directory:${user.home}/.opsdeck}") Path dataDirectory) {
		this.owner = WorkDirectory.ownerVariable(dataDirectory);
		this.connector = connector;
		this.connections = connections;
		this.credentials = credentials;
		this.threads = threads;
		this.localShell = !localShell.isBlank() ? localShell
				: (System.getenv("SHELL") != null) ? System.getenv("SHELL") : "/bin/sh";
	}

	@Override
	public RunKind kind() {
		return RunKind.SSH;
	}

	@Override
	public RunOutcome execute(RunPlan plan, RunOutput output, ExecutionControl control) {
		List<ServerTarget> servers = plan.servers();
		HostResult[] results = new HostResult[servers.size()];
		SimpleAsyncTaskExecutor pool = threads.bounded("opsdeck-ssh-", Math.min(plan.parallelism(), servers.size()));
		List<CompletableFuture<Void>> running = new ArrayList<>();
		for (int i = 0; i < servers.size(); i++) {
			int index = i;
			ServerTarget server = servers.get(i);
			if (control.stopped()) {
				results[i] = HostResult.of(server.name(), server.id(), HostStatus.SKIPPED, null, "not started");
				continue;
			}
			running.add(CompletableFuture.runAsync(
					() -> results[index] = runOn(server, plan.runId(), plan.command(), output, control), pool));
		}
		CompletableFuture.allOf(running.toArray(CompletableFuture[]::new)).join();
		return outcome(List.of(results));
	}

	private HostResult runOn(ServerTarget server, UUID runId, String command, RunOutput output,
			ExecutionControl control) {
		if (control.stopped()) {
			return HostResult.of(server.name(), server.id(), HostStatus.SKIPPED, null, "not started");
		}
		try {
			return server.isLocal() ? runLocally(server, command, output, control)
					: runRemotely(server, runId, command, output, control);
		}
		catch (RuntimeException ex) {
			String message = "Opsdeck error on " + server.name() + ": " + ex.getMessage();
			output.failure(server.name(), message);
			return HostResult.of(server.name(), server.id(), HostStatus.FAILED, null, message);
		}
	}

	private HostResult runRemotely(ServerTarget server, UUID runId, String command, RunOutput output,
			ExecutionControl control) {
		if (server.credentialId() == null) {
			return unreachable(server, output, server.name() + " has no credential to log in with");
		}
		try (CredentialLease lease = credentials.lease(server.credentialId())) {
			output.addSecrets(lease.secrets());
			SshConnections.Key key = SshConnections.Key.of(server, server.credentialId(), lease.keyPair());
			SSHClient client = null;
			Session session = null;
			SSHClient idle = connections.take(key);
			if (idle != null) {
				try {
					// Nothing ran yet: a connection that died while idle is replaced by a fresh one.
					session = idle.startSession();
					client = idle;
					connections.count(true);
				}
				catch (IOException | RuntimeException ex) {
					IOUtils.closeQuietly(idle);
				}
			}
			if (client == null) {
				try {
					SshConnector.Opened opened = connector.openVerified(server, lease.keyPair());
					client = opened.client();
					key = key.verified(opened.hostKeyFingerprint());
					connections.count(false);
				}
				catch (HostKeyException ex) {
					return unreachable(server, output, ex.getMessage());
				}
				catch (UserAuthException ex) {
					return unreachable(server, output, "Authentication failed for " + server.username() + "@"
							+ server.host() + ":" + server.port() + ": the server refused the credential's key");
				}
				catch (IOException ex) {
					return unreachable(server, output,
							"Cannot connect to " + server.host() + ":" + server.port() + ": " + describe(ex));
				}
			}
			boolean clean = false;
			try {
				if (session == null) {
					session = client.startSession();
				}
				boolean tagged = RemoteStop.tag(session, runId);
				Session.Command remote = session.exec(command);
				SSHClient running = client;
				Session channel = session;
				Runnable unregister = control
					.onStop(() -> RemoteStop.stop(remote, channel, running, tagged, runId, control));
				CompletableFuture<Void> out = StreamPump.start(remote.getInputStream(),
						output.splitter(StreamKind.STDOUT, server.name()), threads.io());
				CompletableFuture<Void> err = StreamPump.start(remote.getErrorStream(),
						output.splitter(StreamKind.STDERR, server.name()), threads.io());
				CompletableFuture.allOf(out, err).join();
				remote.join(30, TimeUnit.SECONDS);
				unregister.run();
				Signal signal = remote.getExitSignal();
				HostResult result = finished(server, output, control, remote.getExitStatus(),
						(signal != null) ? "terminated by signal " + signal : null);
				session.close();
				// Only a connection whose command ended by itself, with an exit status and a closed channel, is
				// kept: a stopped, timed-out or broken one is closed.
				clean = !control.stopped() && remote.getExitStatus() != null && !remote.isOpen();
				return result;
			}
			catch (IOException ex) {
				if (control.stopped()) {
					return HostResult.of(server.name(), server.id(), HostStatus.CANCELLED, null, control.stopMessage());
				}
				String message = "Connection to " + server.name() + " failed: " + describe(ex);
				output.failure(server.name(), message);
				return HostResult.of(server.name(), server.id(), HostStatus.FAILED, null, message);
			}
			finally {
				if (clean) {
					connections.give(key, client);
				}
				else {
					IOUtils.closeQuietly(session, client);
				}
			}
		}
	}

	private HostResult runLocally(ServerTarget server, String command, RunOutput output, ExecutionControl control) {
		ProcessBuilder builder = new ProcessBuilder(ProcessTree.inNewSession(List.of(localShell, "-c", command)));
		ChildEnvironment.apply(builder.environment(), owner);
		builder.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
		String home = System.getProperty("user.home");
		if (home != null && new File(home).isDirectory()) {
			builder.directory(new File(home));
		}
		Process process;
		try {
			process = builder.start();
		}
		catch (IOException ex) {
			return unreachable(server, output, "Cannot start " + localShell + ": " + ex.getMessage());
		}
		Runnable unregister = control.onStop(() -> ProcessTree.terminate(process, control));
		CompletableFuture<Void> out = StreamPump.start(process.getInputStream(),
				output.splitter(StreamKind.STDOUT, server.name()), threads.io());
		CompletableFuture<Void> err = StreamPump.start(process.getErrorStream(),
				output.splitter(StreamKind.STDERR, server.name()), threads.io());
		try {
			// Like an SSH session, the run lasts while something it started still writes to its output; a stop
			// kills the whole session (detached children included), which closes the pipes, and what escaped it is
			// waited for only until shortly after the kill
			Integer exit = ProcessTree.awaitEnd(process, CompletableFuture.allOf(out, err), control);
			unregister.run();
			if (exit == null) {
				output.system(server.name(), ProcessTree.OUTLIVED);
			}
			return finished(server, output, control, exit, null);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			ProcessTree.terminate(process, control);
			return HostResult.of(server.name(), server.id(), HostStatus.CANCELLED, null, "interrupted");
		}
	}

	private static HostResult finished(ServerTarget server, RunOutput output, ExecutionControl control,
			Integer exitStatus, String signalMessage) {
		if (control.stopped()) {
			return HostResult.of(server.name(), server.id(), HostStatus.CANCELLED, exitStatus, control.stopMessage());
		}
		if (exitStatus == null) {
			String message = server.name() + ": " + ((signalMessage != null) ? signalMessage
					: "the connection closed without an exit status");
			output.failure(server.name(), message);
			return HostResult.of(server.name(), server.id(), HostStatus.FAILED, null, message);
		}
		if (exitStatus != 0) {
			String message = server.name() + ": exit status " + exitStatus;
			output.failure(server.name(), message);
			return HostResult.of(server.name(), server.id(), HostStatus.FAILED, exitStatus, message);
		}
		return HostResult.of(server.name(), server.id(), HostStatus.SUCCEEDED, 0, null);
	}

	private static HostResult unreachable(ServerTarget server, RunOutput output, String message) {
		output.failure(server.name(), message);
		return HostResult.of(server.name(), server.id(), HostStatus.UNREACHABLE, UNREACHABLE_EXIT, message);
	}

	static RunOutcome outcome(List<HostResult> hosts) {
		long failed = hosts.stream().filter(h -> h.status() != HostStatus.SUCCEEDED).count();
		if (failed == 0) {
			return new RunOutcome(RunStatus.SUCCEEDED, 0, null, hosts);
		}
		HostResult first = hosts.stream().filter(h -> h.status() != HostStatus.SUCCEEDED).findFirst().orElseThrow();
		// A host that failed without an exit status (the connection broke mid-command, the command was killed by a
		// signal, an Opsdeck error) counts as 255, as the OpenSSH client exits then: the run's exit code is never
		// null when it failed.
		boolean noStatus = first.status() == HostStatus.FAILED && first.exitCode() == null;
		Integer exit = (first.status() == HostStatus.UNREACHABLE || noStatus) ? Integer.valueOf(UNREACHABLE_EXIT)
				: first.exitCode();
		String message = (hosts.size() == 1) ? first.message()
				: failed + " of " + hosts.size() + " hosts did not succeed; first: " + first.message();
		return new RunOutcome(RunStatus.FAILED, exit, message, hosts);
	}

	private static String describe(IOException ex) {
		if (ex instanceof ConnectException) {
			return "connection refused";
		}
		if (ex instanceof SocketTimeoutException) {
			return "connection timed out";
		}
		if (ex instanceof UnknownHostException) {
			return "unknown host";
		}
		if (ex instanceof NoRouteToHostException) {
			return "no route to host";
		}
		return (ex.getMessage() != null) ? ex.getMessage() : ex.getClass().getSimpleName();
	}

}
