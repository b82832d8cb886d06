package io.opsdeck.execution;

import java.io.InputStream;
import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * One command running on a server for {@link RemoteReads}. {@link #close()} stops it for good: SIGTERM to every
 * process the command started on the server (found by a marker in their environment, since OpenSSH ignores SSH
 * signal requests for many logins), then the channel and the connection are closed, which also hangs up the
 * command's standard output. Closing twice is harmless.
 */
public interface RemoteRead extends AutoCloseable {

	/** @return the command's standard output; ends when the command ends or the read is closed */
	InputStream stdout();

	/** @return the start of the command's standard error so far (at most 8 KiB, UTF-8) */
	String stderr();

	/**
	 * Waits for the command to end, after its output has been read to the end.
	 * @param timeout longest wait
	 * @return its exit status, or {@code null} when it has not ended or ended by a signal
	 */
	@Nullable Integer awaitExit(Duration timeout);

	/** Stops the remote command and closes the connection. */
	@Override
	void close();

}
