package io.opsdeck.execution.internal.ssh;

import java.io.IOException;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import io.opsdeck.execution.internal.ExecutionControl;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.common.IOUtils;
import net.schmizz.sshj.connection.channel.direct.Session;
import net.schmizz.sshj.connection.channel.direct.Signal;

/**
 * Stops a remote command. First the SSH way: a {@code signal} channel request (SIGTERM, then SIGKILL after the grace
 * period). OpenSSH only honours it where the session has privilege separation, which is not the case for root
 * logins; so each command also carries {@value #TAG} in its environment (Debian's and Ubuntu's default
 * {@code AcceptEnv LANG LC_*} lets it through) and a second channel signals every process of the login user that
 * carries the run's tag. A fixed command, with no user text in it, does that. Finally the channel is closed.
 */
final class RemoteStop {

	/** Environment variable that marks the processes of one run on a host. */
	static final String TAG = "LC_OPSDECK_RUN";

	/**
	 * Longest wait for the server's answer while stopping, milliseconds: opening the channel that signals the tagged
	 * processes, closing the command's channel. sshj waits 30 s by default, so a cancel of a run whose server had
	 * stopped answering (a frozen VM, a dead network path) held the cancelling request for 30 s and the run ended
	 * about 90 s after it, far past the kill grace (a graceful shutdown's bound too). An answering server opens a
	 * channel in milliseconds.
	 */
	static final int STOP_TIMEOUT_MILLIS = 2000;

	private RemoteStop() {
	}

	/**
	 * Tags the session's environment with the run id, before the command starts.
	 * @return whether the server accepted the variable
	 */
	static boolean tag(Session session, UUID runId) {
		try {
			session.setEnvVar(TAG, runId.toString());
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	/**
	 * Sends SIGTERM now and SIGKILL after the grace period, then closes the channel and connection; no step waits
	 * for the server longer than {@link #STOP_TIMEOUT_MILLIS}.
	 */
	static void stop(Session.Command command, Session session, SSHClient client, boolean tagged, UUID runId,
			ExecutionControl control) {
		client.getConnection().setTimeoutMs(STOP_TIMEOUT_MILLIS);
		signal(command, Signal.TERM);
		if (tagged) {
			killTagged(client, runId, "TERM");
		}
		control.afterGrace(() -> {
			signal(command, Signal.KILL);
			if (tagged) {
				killTagged(client, runId, "KILL");
			}
			IOUtils.closeQuietly(command, session, client);
		});
	}

	private static void signal(Session.Command command, Signal signal) {
		try {
			command.signal(signal);
		}
		catch (IOException ex) {
			// channel already gone
		}
	}

	/**
	 * The fixed command that signals every process tagged with the run id. One {@code grep} reads every process's
	 * environment (NUL-separated records, {@code -z}); a loop with a pipe per process took tens of seconds on a busy
	 * host.
	 */
	static String killCommand(UUID runId, String signal) {
		return "grep -lzx '" + TAG + "=" + runId + "' /proc/[0-9]*/environ 2>/dev/null | while IFS= read -r f; do "
				+ "p=${f#/proc/}; kill -" + signal + " \"${p%/environ}\" 2>/dev/null; done; true";
	}

	static void killTagged(SSHClient client, UUID runId, String signal) {
		if (!client.isConnected()) {
			return;
		}
		try (Session session = client.startSession()) {
			Session.Command kill = session.exec(killCommand(runId, signal));
			kill.join(10, TimeUnit.SECONDS);
		}
		catch (IOException ex) {
			// the connection is going away; closing the channel is the last resort
		}
	}

}
