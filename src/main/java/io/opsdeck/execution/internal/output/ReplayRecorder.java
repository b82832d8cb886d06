package io.opsdeck.execution.internal.output;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Makes the {@link ReplayCache}'s files from first replays, on a thread of its own: the replay's thread copies what it
 * sends into one of {@value #BUFFERS} direct buffers of {@value #BUFFER_BYTES} bytes and goes on; this recorder's
 * thread writes them to the file ({@link FileChannel}, no further copy in the JVM) and puts the file in place when the
 * replay commits. So a first replay costs what a replay without the cache costs plus one copy in memory: it never
 * writes a file, opens one or waits for the disk (issue 8, scenario 5: writing beside the response had doubled the
 * first replay's CPU).
 * <p>
 * Bounded: one log is recorded at a time (a replay that starts while another is recorded passes through, and a later
 * replay records it), and at most {@value #BUFFERS} buffers wait. When the recorder falls behind (no buffer free for
 * the replay), the replay stops copying instead of waiting, and the recorder writes the rest of the file from the
 * database ({@link OutputStore#writeText}, skipping what it already has), then keeps it if the run's chunks are still
 * the key's. The thread is a daemon of the lowest Java priority (a hint the JVM ignores on
 * Linux by default); Opsdeck's stop ends it and deletes the unfinished file.
 */
@Component
public class ReplayRecorder implements DisposableBean {

	private static final Logger log = LoggerFactory.getLogger(ReplayRecorder.class);

	/** The buffers between a replay and the file: 4 MiB outside the heap, allocated at the first recording. */
	static final int BUFFERS = 8;

	static final int BUFFER_BYTES = 512 * 1024;

	private final ReplayCache cache;

	private final Source source;

	private final Executor writer;

	private final @Nullable ExecutorService own;

	/** Whether a recording is under way (from {@link #record} until its file is kept or dropped). */
	private final AtomicBoolean busy = new AtomicBoolean();

	private final BlockingQueue<ByteBuffer> free = new ArrayBlockingQueue<>(BUFFERS);

	private boolean allocated;

	private volatile boolean stopped;

	/** Writes a whole log as the replay does, from the database. */
	@FunctionalInterface
	interface Source {

		void write(ReplayCache.Key key, OutputStream out) throws IOException;

	}

	@Autowired
	ReplayRecorder(ReplayCache cache, OutputStore store) {
		this(cache, (key, out) -> store.writeText(key.runId(), 0, key.prefixHosts(), out), null);
	}

	/**
	 * @param source the whole log, for the rest of a recording that fell behind
	 * @param writer runs the writing task of each recording; {@code null}: a thread of the recorder's own
	 */
	ReplayRecorder(ReplayCache cache, Source source, @Nullable Executor writer) {
		this.cache = cache;
		this.source = source;
		this.own = (writer == null) ? Executors.newSingleThreadExecutor(runnable -> {
			Thread thread = new Thread(runnable, "opsdeck-replay-cache");
			thread.setDaemon(true);
			thread.setPriority(Thread.MIN_PRIORITY);
			return thread;
		}) : null;
		this.writer = (writer == null) ? own : writer;
	}

	/**
	 * Starts recording this key's log from a replay: what is written to the returned recording's
	 * {@link ReplayRecording#stream()} goes to {@code out}, and a copy to the file on the recorder's thread. Nothing is
	 * recorded (the stream is {@code out}) when the cache is off, Opsdeck is stopping, or a log is being recorded.
	 */
	public ReplayRecording record(ReplayCache.Key key, OutputStream out) {
		if (!cache.enabled() || stopped || !busy.compareAndSet(false, true)) {
			return ReplayRecording.passThrough(out);
		}
		allocate();
		ReplayRecording recording = new ReplayRecording(out, key, free);
		try {
			writer.execute(() -> write(recording));
		}
		catch (RejectedExecutionException ex) {
			busy.set(false);
			return ReplayRecording.passThrough(out);
		}
		return recording;
	}

	private synchronized void allocate() {
		if (!allocated) {
			for (int i = 0; i < BUFFERS; i++) {
				free.add(ByteBuffer.allocateDirect(BUFFER_BYTES));
			}
			allocated = true;
		}
	}

	/** On the recorder's thread: the recording's buffers into a new file until its end, then the file kept or dropped. */
	private void write(ReplayRecording recording) {
		ReplayCache.Key key = recording.key();
		Path file = null;
		FileChannel channel = null;
		long written = 0;
		boolean failed = false;
		try {
			try {
				file = cache.newFile(key);
				channel = FileChannel.open(file, StandardOpenOption.WRITE);
			}
			catch (IOException ex) {
				log.warn("Replay cache: cannot create a file: {}", ex.toString());
				failed = true;
			}
			for (Object piece = recording.next();; piece = recording.next()) {
				if (piece instanceof ByteBuffer buffer) {
					try {
						buffer.flip();
						while (!failed && buffer.hasRemaining()) {
							written += channel.write(buffer);
						}
					}
					catch (IOException ex) {
						log.warn("Replay cache: writing {} failed: {}", file, ex.toString());
						failed = true;
					}
					finally {
						recording.giveBack(buffer);
					}
				}
				else {
					if (piece instanceof ReplayRecording.Rest rest && !failed && written == rest.bytes()) {
						written += writeRest(key, channel, written);
						failed = !key.equals(cache.key(key.runId(), key.prefixHosts()));
					}
					else if (!(piece instanceof ReplayRecording.Commit commit && written == commit.bytes())) {
						failed = true;
					}
					if (!failed) {
						channel.close();
						channel = null;
						cache.keep(key, file, written);
						file = null;
					}
					return;
				}
			}
		}
		catch (InterruptedException ex) {
			// Opsdeck is stopping: the file is dropped below
			Thread.currentThread().interrupt();
		}
		catch (IOException | RuntimeException ex) {
			log.warn("Replay cache: making {} failed: {}", file, ex.toString());
		}
		finally {
			close(channel, file);
			busy.set(false);
		}
	}

	/**
	 * Writes the key's log from the database to the channel, without its first {@code skip} bytes (the file has them).
	 * @return bytes written
	 */
	private long writeRest(ReplayCache.Key key, FileChannel channel, long skip) throws IOException {
		long[] written = { 0 };
		long[] skipping = { skip };
		source.write(key, new OutputStream() {

			@Override
			public void write(int b) throws IOException {
				write(new byte[] { (byte) b }, 0, 1);
			}

			@Override
			public void write(byte[] b, int off, int len) throws IOException {
				int skipped = (int) Math.min(len, skipping[0]);
				skipping[0] -= skipped;
				ByteBuffer rest = ByteBuffer.wrap(b, off + skipped, len - skipped);
				while (rest.hasRemaining()) {
					written[0] += channel.write(rest);
				}
			}

		});
		return written[0];
	}

	private static void close(@Nullable FileChannel channel, @Nullable Path file) {
		try {
			if (channel != null) {
				channel.close();
			}
		}
		catch (IOException ex) {
			// deleted below
		}
		try {
			if (file != null) {
				Files.deleteIfExists(file);
			}
		}
		catch (IOException ex) {
			log.warn("Replay cache: cannot delete {}: {}", file, ex.toString());
		}
	}

	/** Ends a recording under way (its file is deleted) and the recorder's thread. */
	@Override
	public void destroy() throws InterruptedException {
		stopped = true;
		if (own != null) {
			own.shutdownNow();
			own.awaitTermination(5, TimeUnit.SECONDS);
		}
	}

}
