package io.opsdeck.execution.internal.output;

import java.io.IOException;
import java.io.OutputStream;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Component;

/**
 * The log replay with read-ahead: a run's stored chunks are read from PostgreSQL ({@link OutputStore}) on another
 * thread while the caller's thread decompresses and writes the ones before ({@link TextReplay}), a few chunks apart,
 * so the database's time and the client's overlap while memory stays bounded.
 */
@Component
public class ReadAheadReplay {

	private final OutputStore store;

	ReadAheadReplay(OutputStore store) {
		this.store = store;
	}

	/**
	 * Writes every stored line after {@code afterSeq} as plain text, like
	 * {@link OutputStore#writeText(UUID, long, boolean, OutputStream)}, but the chunks are read from PostgreSQL on a
	 * thread of {@code reader} while this thread decompresses and writes the ones before (at most
	 * {@value #PREFETCH_CHUNKS} compressed chunks wait in between), so the database's time and the client's overlap.
	 * A failure on either side ends both: an error reading is thrown here, and when {@code out} fails the reader stops
	 * at its next chunk.
	 * @param reader runs the reading task; must not be a bounded pool shared with the caller (it could wait forever)
	 * @throws IOException from {@code out}
	 */
	public long writeText(UUID runId, long afterSeq, boolean prefixHosts, OutputStream out, Executor reader)
			throws IOException {
		TextReplay replay = new TextReplay();
		long last = afterSeq;
		try (Prefetch chunks = new Prefetch()) {
			reader.execute(() -> chunks.fill(runId, afterSeq));
			for (Prefetch.Chunk chunk = chunks.next(); chunk != null; chunk = chunks.next()) {
				last = Math.max(last, replay.write(chunk.firstSeq(), chunk.data(), last, prefixHosts, out));
			}
		}
		return last;
	}

	/** How many compressed chunks a replay's reader may be ahead of its writer (~200 KB each for log text). */
	static final int PREFETCH_CHUNKS = 4;

	/** The chunks of one replay, handed from the reading thread to the writing one, in order. */
	private final class Prefetch implements AutoCloseable {

		record Chunk(long firstSeq, byte[] data) {
		}

		private static final Chunk END = new Chunk(-1, new byte[0]);

		private final BlockingQueue<Chunk> queue = new ArrayBlockingQueue<>(PREFETCH_CHUNKS);

		private volatile boolean closed;

		private volatile @Nullable RuntimeException failure;

		/** On the reading thread: queues every chunk, then {@link #END}; stops early once the writer has closed. */
		void fill(UUID runId, long afterSeq) {
			try {
				store.streamChunks(runId, afterSeq, (firstSeq, data) -> put(new Chunk(firstSeq, data)));
			}
			catch (Abandoned ex) {
				return;
			}
			catch (RuntimeException | Error ex) {
				// the writer must not wait forever for a reader that died
				failure = (ex instanceof RuntimeException runtime) ? runtime
						: new IllegalStateException("reading the log failed", ex);
			}
			try {
				put(END);
			}
			catch (Abandoned ex) {
				// the writer has gone
			}
		}

		private void put(Chunk chunk) {
			try {
				while (!queue.offer(chunk, 100, TimeUnit.MILLISECONDS)) {
					if (closed) {
						throw new Abandoned();
					}
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new Abandoned();
			}
			if (closed) {
				throw new Abandoned();
			}
		}

		/** @return the next chunk, or {@code null} after the last; throws what the reader failed with */
		@Nullable Chunk next() throws IOException {
			Chunk chunk;
			try {
				chunk = queue.take();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new java.io.InterruptedIOException("interrupted while reading the log");
			}
			if (chunk == END) {
				RuntimeException failed = failure;
				if (failed != null) {
					throw failed;
				}
				return null;
			}
			return chunk;
		}

		@Override
		public void close() {
			closed = true;
			queue.clear();
		}

	}

	/** Thrown on the reading thread to end its query when the writer has gone. */
	private static final class Abandoned extends RuntimeException {

		Abandoned() {
			super(null, null, false, false);
		}

	}

}
