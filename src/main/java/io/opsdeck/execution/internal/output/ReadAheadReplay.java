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
 * The log replay with read-ahead: a run's stored chunks are read from PostgreSQL ({@link OutputStore}) and
 * decompressed on another thread while the caller's thread writes the text of the ones before ({@link TextReplay}),
 * so the database's time, the decompression and the client's time overlap while memory stays bounded.
 */
@Component
public class ReadAheadReplay {

	/**
	 * How many decompressed chunks one replay holds (about 1 MiB each for log text): one being written while the reader
	 * decompresses the next into the other. The driver holds a few compressed rows besides ({@code STREAM_FETCH_SIZE}).
	 */
	static final int BUFFERS = 2;

	private final OutputStore store;

	ReadAheadReplay(OutputStore store) {
		this.store = store;
	}

	/**
	 * Writes every stored line after {@code afterSeq} as plain text, like
	 * {@link OutputStore#writeText(UUID, long, boolean, OutputStream)}, but the chunks are read from PostgreSQL and
	 * decompressed on a thread of {@code reader} while this thread writes the ones before (at most {@value #BUFFERS}
	 * decompressed chunks at a time). Before issue 8's third round this thread also decompressed (~70 ms per 100 MB),
	 * in series with its socket writes. A failure on either side ends both: an error reading is thrown here, and when
	 * {@code out} fails the reader stops at its next chunk.
	 * @param reader runs the reading task; must not be a bounded pool shared with the caller (it could wait forever)
	 * @return the sequence number of the last line written, or {@code afterSeq} if none
	 * @throws IOException from {@code out}
	 */
	public long writeText(UUID runId, long afterSeq, boolean prefixHosts, OutputStream out, Executor reader)
			throws IOException {
		long last = afterSeq;
		try (Prefetch chunks = new Prefetch()) {
			reader.execute(() -> chunks.fill(runId, afterSeq));
			for (TextReplay chunk = chunks.next(); chunk != null; chunk = chunks.next()) {
				try {
					last = Math.max(last, chunk.writeInflated(last, prefixHosts, out));
				}
				finally {
					chunks.release(chunk);
				}
			}
		}
		return last;
	}

	/**
	 * The chunks of one replay, decompressed on the reading thread into one of {@value #BUFFERS} buffers (a
	 * {@link TextReplay} each) and handed to the writing one in order; the writer gives each buffer back once written.
	 */
	private final class Prefetch implements AutoCloseable {

		private static final TextReplay END = new TextReplay();

		private final BlockingQueue<TextReplay> free = new ArrayBlockingQueue<>(BUFFERS);

		/** Every buffer, plus {@link #END}: putting never waits. */
		private final BlockingQueue<TextReplay> ready = new ArrayBlockingQueue<>(BUFFERS + 1);

		private volatile boolean closed;

		private volatile @Nullable RuntimeException failure;

		Prefetch() {
			for (int i = 0; i < BUFFERS; i++) {
				free.add(new TextReplay());
			}
		}

		/** On the reading thread: queues every chunk, then {@link #END}; stops early once the writer has closed. */
		void fill(UUID runId, long afterSeq) {
			try {
				store.streamChunks(runId, afterSeq, (firstSeq, data) -> {
					TextReplay buffer = takeFree();
					try {
						buffer.inflate(firstSeq, data);
					}
					catch (IllegalStateException corrupt) {
						// thrown to the writer as it is, not as the repository's translation of it
						failure = corrupt;
						throw new Abandoned();
					}
					ready.add(buffer);
				});
			}
			catch (Abandoned ex) {
				if (failure == null) {
					return; // the writer has gone
				}
			}
			catch (RuntimeException | Error ex) {
				// the writer must not wait forever for a reader that died
				failure = (ex instanceof RuntimeException runtime) ? runtime
						: new IllegalStateException("reading the log failed", ex);
			}
			ready.add(END);
		}

		private TextReplay takeFree() {
			try {
				TextReplay buffer;
				while ((buffer = free.poll(100, TimeUnit.MILLISECONDS)) == null) {
					if (closed) {
						throw new Abandoned();
					}
				}
				if (closed) {
					throw new Abandoned();
				}
				return buffer;
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new Abandoned();
			}
		}

		/** @return the next chunk, inflated, or {@code null} after the last; throws what the reader failed with */
		@Nullable TextReplay next() throws IOException {
			TextReplay chunk;
			try {
				chunk = ready.take();
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

		/** Gives a written chunk's buffer back to the reader. */
		void release(TextReplay buffer) {
			free.add(buffer);
		}

		@Override
		public void close() {
			closed = true;
			ready.clear();
		}

	}

	/** Thrown on the reading thread to end its query when the writer has gone. */
	private static final class Abandoned extends RuntimeException {

		Abandoned() {
			super(null, null, false, false);
		}

	}

}
