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

	private static final int BUFFER_BYTES = 32 * 1024;

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
