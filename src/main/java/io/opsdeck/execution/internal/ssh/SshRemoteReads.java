package io.opsdeck.execution.internal.ssh;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import io.opsdeck.credentials.CredentialLease;
import io.opsdeck.credentials.Credentials;
import io.opsdeck.execution.RemoteRead;
import io.opsdeck.execution.RemoteReadException;
import io.opsdeck.execution.RemoteReads;
import io.opsdeck.execution.internal.ExecutionThreads;
import io.opsdeck.inventory.Inventory;
import io.opsdeck.inventory.ServerTarget;
import io.opsdeck.shared.InvalidInputException;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.common.IOUtils;
import net.schmizz.sshj.connection.channel.direct.Session;
import net.schmizz.sshj.userauth.UserAuthException;
import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Component;

/**
 * {@link RemoteReads} over the run engine's {@link SshConnector} (pinned host key, credential lease). Each read
 * tags its session with {@link RemoteStop#TAG} set to a fresh id, so that {@link RemoteRead#close()} can signal
 * exactly the processes it started, whatever the login user and whatever OpenSSH does with channel signals.
 */
@Component
class SshRemoteReads implements RemoteReads {

	private static final int STDERR_LIMIT_BYTES = 8 * 1024;

	private final Inventory inventory;

	private final Credentials credentials;

	private final SshConnector connector;

	private final ExecutionThreads threads;

	SshRemoteReads(Inventory inventory, Credentials credentials, SshConnector connector, ExecutionThreads threads) {
		this.inventory = inventory;
		this.credentials = credentials;
		this.connector = connector;
		this.threads = threads;
	}

	@Override
	public RemoteRead start(UUID serverId, String command) {
		ServerTarget server = inventory.servers(List.of(serverId)).get(0);
		if (server.isLocal()) {
			throw new InvalidInputException("server", server.name()
					+ " uses the local connection: read its logs as a run (POST /api/v1/servers/{id}/logs)");
		}
		if (server.credentialId() == null) {
			throw new InvalidInputException("server", server.name() + " has no credential to log in with");
		}
		SSHClient client;
		try (CredentialLease lease = credentials.lease(server.credentialId())) {
			client = connector.open(server, lease.keyPair());
		}
		catch (HostKeyException ex) {
			throw new RemoteReadException(ex.getMessage());
		}
		catch (UserAuthException ex) {
			throw new RemoteReadException("Authentication failed for " + server.username() + "@" + server.host() + ":"
					+ server.port() + ": the server refused the credential's key");
		}
		catch (IOException ex) {
			throw new RemoteReadException("Cannot connect to " + server.name() + " (" + server.host() + ":"
					+ server.port() + "): " + ((ex.getMessage() != null) ? ex.getMessage() : ex.getClass().getSimpleName()));
		}
		UUID tag = UUID.randomUUID();
		try {
			Session session = client.startSession();
			boolean tagged = RemoteStop.tag(session, tag);
			Session.Command remote = session.exec(command);
			Read read = new Read(client, session, remote, tagged, tag);
			threads.io().execute(read::collectStderr);
			return read;
		}
		catch (IOException ex) {
			IOUtils.closeQuietly(client);
			throw new RemoteReadException("Cannot start the command on " + server.name() + ": " + ex.getMessage());
		}
	}

	private static final class Read implements RemoteRead {

		private final SSHClient client;

		private final Session session;

		private final Session.Command remote;

		private final boolean tagged;

		private final UUID tag;

		private final byte[] stderr = new byte[STDERR_LIMIT_BYTES];

		private int stderrLength;

		private final AtomicBoolean closed = new AtomicBoolean();

		Read(SSHClient client, Session session, Session.Command remote, boolean tagged, UUID tag) {
			this.client = client;
			this.session = session;
			this.remote = remote;
			this.tagged = tagged;
			this.tag = tag;
		}

		@Override
		public InputStream stdout() {
			return remote.getInputStream();
		}

		@Override
		public String stderr() {
			synchronized (stderr) {
				return new String(stderr, 0, stderrLength, StandardCharsets.UTF_8);
			}
		}

		void collectStderr() {
			byte[] buffer = new byte[4096];
			try (InputStream in = remote.getErrorStream()) {
				int n;
				while ((n = in.read(buffer)) >= 0) {
					synchronized (stderr) {
						int keep = Math.min(n, stderr.length - stderrLength);
						System.arraycopy(buffer, 0, stderr, stderrLength, keep);
						stderrLength += keep;
					}
				}
			}
			catch (IOException ex) {
				// the channel went away
			}
		}

		@Override
		public @Nullable Integer awaitExit(Duration timeout) {
			try {
				remote.join(timeout.toMillis(), TimeUnit.MILLISECONDS);
			}
			catch (IOException ex) {
				return null;
			}
			return remote.getExitStatus();
		}

		@Override
		public void close() {
			if (!closed.compareAndSet(false, true)) {
				return;
			}
			// a command that ended by itself needs no stopping; give its exit status a moment to arrive
			boolean ended = remote.getExitStatus() != null || remote.getExitSignal() != null || !remote.isOpen();
			if (tagged && !ended && client.isConnected()) {
				RemoteStop.killTagged(client, tag, "TERM");
			}
			IOUtils.closeQuietly(remote, session, client);
		}

	}

}
