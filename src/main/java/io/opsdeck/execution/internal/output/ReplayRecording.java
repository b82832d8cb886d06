package io.opsdeck.execution.internal.output;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;

/**
 * The replay's side of a file being made by {@link ReplayRecorder}: what the replay writes to {@link #stream()} goes
 * to the client and is copied into one of the recorder's few buffers, which its thread writes to the file. Nothing
 * here touches the file system, and nothing waits for the file: when no buffer is free within
 * {@value #WAIT_FOR_BUFFER_MILLIS} ms (the recorder fell behind), the replay stops copying and goes on, and the
 * recorder writes the rest of the file from the database on its own thread ({@link Rest}).
 * {@link #commit(ReplayCache.Key)} keeps the file if the run's chunks are still those the recording began with;
 * {@link #close()} without a commit drops it. Used by one thread, the replay's.
 */
public final class ReplayRecording implements AutoCloseable {

	/** How long a replay may wait for the recorder to free a buffer before it gives the recording up. */
	static final long WAIT_FOR_BUFFER_MILLIS = 20;

	/** The end of a recording whose file is kept: exactly this many bytes were handed over. */
	record Commit(long bytes) {
	}

	/** The end of a recording whose file is dropped. */
	static final Object ABANDON = new Object();

	/** The end of a recording that fell behind: the first {@code bytes} bytes were handed over, the rest is not. */
	record Rest(long bytes) {
	}

	private final OutputStream stream;

	private final ReplayCache.@Nullable Key key;

	private final @Nullable BlockingQueue<ByteBuffer> free;

	/** Filled buffers, then a {@link Commit} or {@link #ABANDON}; read by the recorder's thread. */
	private final BlockingQueue<Object> filled = new LinkedBlockingQueue<>();

	private @Nullable ByteBuffer current;

	private long bytes;

	/** Whether the end (commit or abandon) was handed over, or this recording never recorded. */
	private boolean ended;

	/** A recording that only passes the replay through (cache off, or another log is being recorded). */
	static ReplayRecording passThrough(OutputStream out) {
		return new ReplayRecording(out, null, null);
	}

	/** A recording of {@code key}'s log through the recorder's buffers {@code free}. */
	ReplayRecording(OutputStream out, ReplayCache.@Nullable Key key, @Nullable BlockingQueue<ByteBuffer> free) {
		this.key = key;
		this.free = free;
		this.ended = (free == null);
		this.stream = ended ? out : new FilterOutputStream(out) {

			@Override
			public void write(int b) throws IOException {
				out.write(b);
				copy(new byte[] { (byte) b }, 0, 1);
			}

			@Override
			public void write(byte[] b, int off, int len) throws IOException {
				out.write(b, off, len);
				copy(b, off, len);
			}

		};
	}

	/** @return where the replay writes: the client's stream, and the recorder's buffers while recording */
	public OutputStream stream() {
		return stream;
	}

	/** @return whether this recording still copies what the replay writes (it did not end, pass through or fall behind) */
	public boolean recording() {
		return !ended;
	}

	private void copy(byte[] b, int off, int len) {
		BlockingQueue<ByteBuffer> pool = free;
		while (!ended && len > 0 && pool != null) {
			ByteBuffer buffer = current;
			if (buffer == null) {
				try {
					buffer = pool.poll(WAIT_FOR_BUFFER_MILLIS, TimeUnit.MILLISECONDS);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
				if (buffer == null) {
					fallBehind();
					return;
				}
				current = buffer;
			}
			int n = Math.min(len, buffer.remaining());
			buffer.put(b, off, n);
			off += n;
			len -= n;
			bytes += n;
			if (!buffer.hasRemaining()) {
				filled.add(buffer);
				current = null;
			}
		}
	}

	/**
	 * Hands the end over: the recorder keeps the file if the run's chunks are still those of the key the recording
	 * began with, and drops it otherwise. Returns at once.
	 * @param now the key read after the replay, or {@code null} if the log is no longer cacheable
	 */
	public void commit(ReplayCache.@Nullable Key now) {
		if (ended) {
			return;
		}
		if (key == null || !key.equals(now)) {
			abandon();
			return;
		}
		ByteBuffer last = current;
		current = null;
		if (last != null) {
			filled.add(last);
		}
		filled.add(new Commit(bytes));
		ended = true;
	}

	/** Stops copying: the recorder writes what was not handed over from the database. */
	private void fallBehind() {
		ByteBuffer last = current;
		current = null;
		if (last != null) {
			filled.add(last);
		}
		filled.add(new Rest(bytes));
		ended = true;
	}

	private void abandon() {
		if (ended) {
			return;
		}
		ByteBuffer held = current;
		current = null;
		if (held != null && free != null) {
			held.clear();
			free.add(held);
		}
		filled.add(ABANDON);
		ended = true;
	}

	/**
	 * Drops the file unless it was committed or the recorder finishes it from the database (it fell behind; then the
	 * file is kept only if the run's chunks are unchanged when it is whole, whether or not the client stayed).
	 */
	@Override
	public void close() {
		abandon();
	}

	/** On the recorder's thread: @return the next filled buffer, {@link Commit}, {@link Rest} or {@link #ABANDON} */
	Object next() throws InterruptedException {
		return filled.take();
	}

	/** On the recorder's thread: returns a written buffer to the pool. */
	void giveBack(ByteBuffer buffer) {
		buffer.clear();
		if (free != null) {
			free.add(buffer);
		}
	}

	ReplayCache.@Nullable Key key() {
		return key;
	}

}
