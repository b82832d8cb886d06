package io.opsdeck.execution.internal;

import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

import io.opsdeck.execution.internal.output.LineSplitter;

/**
 * Copies a process or channel stream into a {@link LineSplitter} on its own thread until end of stream.
 */
public final class StreamPump {

	/** The read buffer's first size, bytes: a pipe or a quiet channel rarely fills more. */
	static final int BUFFER_BYTES = 32 * 1024;

	/**
	 * The read buffer's largest size, bytes: it doubles up to this while reads fill it. A 100 MB SSH run read in
	 * 32 KiB pieces was ~3,200 reads, and once sshj's channel buffer was full each read sent the server a window
	 * adjustment of its own (an encrypted packet and a socket write on this thread, ~20 % of its CPU; issue 8,
	 * eleventh round); each read also costs the line path a lock and a wake-up of viewers. Below 512 KiB, so that
	 * neither this buffer nor the splitter's copy of a read's lines is a G1 humongous object under {@code -Xmx256m}.
	 */
	static final int MAX_BUFFER_BYTES = 256 * 1024;

	private StreamPump() {
	}

	/**
	 * @param in the stream to read; closed at the end
	 * @param splitter receives the bytes; finished at the end
	 * @param executor where the reading thread comes from
	 * @return completes when the stream ended (normally or by an I/O error, which ends the stream)
	 */
	public static CompletableFuture<Void> start(InputStream in, LineSplitter splitter, Executor executor) {
		return CompletableFuture.runAsync(() -> pump(in, splitter), executor);
	}

	static void pump(InputStream in, LineSplitter splitter) {
		byte[] buffer = new byte[BUFFER_BYTES];
		try (in) {
			int n;
			while ((n = in.read(buffer)) >= 0) {
				splitter.write(buffer, 0, n);
				if (n == buffer.length && buffer.length < MAX_BUFFER_BYTES) {
					buffer = new byte[buffer.length * 2];
				}
			}
		}
		catch (IOException ex) {
			// the process or channel went away: what was read is kept
		}
		finally {
			splitter.finish();
		}
	}

}
