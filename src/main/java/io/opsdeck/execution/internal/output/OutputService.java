package io.opsdeck.execution.internal.output;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Service;

/**
 * The output pipeline of this node: opens a {@link RunOutput} per executing run, flushes it to
 * {@link OutputStore} at least every {@value #FLUSH_INTERVAL_MILLIS} ms (sooner when a batch fills), and serves
 * readers from memory or the database, whichever holds the lines they ask for.
 */
@Service
public class OutputService implements DisposableBean {

	/** Longest time a line waits in memory before it is stored, milliseconds. */
	public static final long FLUSH_INTERVAL_MILLIS = 250;

	private static final Logger log = LoggerFactory.getLogger(OutputService.class);

	private final OutputStore store;

	private final Clock clock;

	private final Map<UUID, Entry> active = new ConcurrentHashMap<>();

	private final AtomicInteger subscribers = new AtomicInteger();

	private final ScheduledExecutorService flusher = Executors.newScheduledThreadPool(2, runnable -> {
		Thread thread = new Thread(runnable, "opsdeck-output-flush");
		thread.setDaemon(true);
		return thread;
	});

	/** Inserts chunks while the flusher compresses the next ({@link InsertQueue}): one at a time per run. */
	private final ExecutorService inserts = Executors.newFixedThreadPool(2, runnable -> {
		Thread thread = new Thread(runnable, "opsdeck-insert");
		thread.setDaemon(true);
		return thread;
	});

	OutputService(OutputStore store, MeterRegistry meters) {
		this.store = store;
		this.clock = Clock.systemUTC();
		Gauge.builder("opsdeck.output.subscribers", subscribers, AtomicInteger::get)
			.description("Clients following live run output")
			.register(meters);
		flusher.scheduleWithFixedDelay(this::flushAll, FLUSH_INTERVAL_MILLIS, FLUSH_INTERVAL_MILLIS,
				TimeUnit.MILLISECONDS);
	}

	/**
	 * The failure detector of a run whose output has no failures to find (SSH runs): with it, the lines read as bytes
	 * never become objects on the producer's path (issue 8, fourteenth round; {@link LineWindow}).
	 */
	public static final Predicate<OutputLine> NO_FAILURE_DETECTOR = OutputLedger.NO_FAILURES;

	/**
	 * Opens the output of a run that starts executing on this node.
	 * @param runId run id
	 * @param limits size bounds
	 * @param masker secrets to hide
	 * @param failureDetector marks the first line that looks like a failure (for "jump to first failure")
	 * @return the output to write to
	 */
	public RunOutput open(UUID runId, OutputLimits limits, SecretMasker masker, Predicate<OutputLine> failureDetector) {
		Entry entry = new Entry(new InsertQueue(inserts));
		entry.output = new RunOutput(runId, limits, masker, failureDetector, () -> requestFlush(entry), clock);
		active.put(runId, entry);
		return entry.output;
	}

	/**
	 * Ends a run's output: stores every remaining line (retrying while the database is unavailable, up to
	 * {@code timeoutMillis}) and keeps serving it from memory until {@link #release(UUID)}.
	 * @return whether every line was stored
	 */
	public boolean close(RunOutput output, long timeoutMillis) {
		output.close();
		long deadline = System.currentTimeMillis() + timeoutMillis;
		Entry entry = active.get(output.runId());
		while (true) {
			if (entry == null || flush(entry, true)) {
				if (output.pending().size() == 0) {
					return true;
				}
			}
			if (System.currentTimeMillis() > deadline) {
				log.error("Run {}: {} output lines could not be stored", output.runId(), output.pending().size());
				return false;
			}
			try {
				Thread.sleep(FLUSH_INTERVAL_MILLIS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return false;
			}
		}
	}

	/**
	 * Checks, after the run's end was recorded, that the database holds all {@code lastSeq} lines of the run's output
	 * (numbered 1 to {@code lastSeq} without gaps). Chunks commit asynchronously ({@link OutputStore#append}): a
	 * PostgreSQL crash (not a clean stop or restart) during the run can lose the chunks committed in the last few
	 * hundred milliseconds before it while this node goes on, which leaves a gap in the stored log. The end of the run
	 * is a synchronous commit, so whatever this finds stored after it stays stored.
	 * @return {@code false} when lines are missing (logged as an error); {@code true} when every line is stored, and
	 * also when the database could not be asked (logged as a warning)
	 */
	public boolean verifyStored(UUID runId, long lastSeq) {
		return missingLines(runId, lastSeq) == 0;
	}

	/**
	 * {@link #verifyStored} as a count, for the run's message ({@code RunWorker} adds "Output incomplete: ..." to it).
	 * @return how many of the run's {@code lastSeq} lines the database lacks: {@code 0} when all are stored, and also
	 * when the database could not be asked (logged as a warning); a shortfall is logged as an error
	 */
	public long missingLines(UUID runId, long lastSeq) {
		long stored;
		try {
			stored = store.storedLines(runId);
		}
		catch (DataAccessException ex) {
			log.warn("Run {}: could not check that its {} output lines are stored: {}", runId, lastSeq, ex.getMessage());
			return 0;
		}
		if (stored < lastSeq) {
			log.error("Run {}: the database holds {} of its {} output lines; a PostgreSQL crash during the run lost the"
					+ " chunks committed just before it", runId, stored, lastSeq);
			return lastSeq - stored;
		}
		return 0;
	}

	/** Forgets a finished run; readers then go to the database. */
	public void release(UUID runId) {
		active.remove(runId);
	}

	/** @return the live output of a run executing on this node */
	public Optional<RunOutput> live(UUID runId) {
		Entry entry = active.get(runId);
		return (entry != null) ? Optional.of(entry.output) : Optional.empty();
	}

	/**
	 * @param runId run id
	 * @param afterSeq reader's position
	 * @param max most lines
	 * @return lines after {@code afterSeq}, ascending, from memory and/or the database
	 */
	public List<OutputLine> after(UUID runId, long afterSeq, int max) {
		Optional<RunOutput> live = live(runId);
		if (live.isPresent()) {
			Optional<List<OutputLine>> inMemory = live.get().after(afterSeq, max);
			if (inMemory.isPresent()) {
				return inMemory.get();
			}
			List<OutputLine> stored = new ArrayList<>(store.readAfter(runId, afterSeq, max));
			long position = stored.isEmpty() ? afterSeq : stored.get(stored.size() - 1).seq();
			if (stored.size() < max) {
				live.get().after(position, max - stored.size()).ifPresent(stored::addAll);
			}
			return stored;
		}
		return store.readAfter(runId, afterSeq, max);
	}

	/**
	 * @param runId run id
	 * @param beforeSeq upper bound, exclusive
	 * @param max most lines, those nearest {@code beforeSeq}
	 * @return lines before {@code beforeSeq}, ascending
	 */
	public List<OutputLine> before(UUID runId, long beforeSeq, int max) {
		Optional<RunOutput> live = live(runId);
		if (live.isPresent()) {
			RunOutput.LinesBefore memory = live.get().before(beforeSeq, max);
			if (memory.lines().size() >= max || memory.storedBelow() <= 1) {
				return memory.lines();
			}
			List<OutputLine> result = new ArrayList<>(
					store.readBefore(runId, memory.storedBelow(), max - memory.lines().size()));
			result.addAll(memory.lines());
			return result;
		}
		return store.readBefore(runId, beforeSeq, max);
	}

	/** Counts a client that follows live output (metric {@code opsdeck_output_subscribers}). */
	public void subscribed() {
		subscribers.incrementAndGet();
	}

	public void unsubscribed() {
		subscribers.decrementAndGet();
	}

	private void requestFlush(Entry entry) {
		if (!entry.flushRequested) {
			entry.flushRequested = true;
			flusher.execute(() -> flush(entry, false));
		}
	}

	private void flushAll() {
		for (Entry entry : active.values()) {
			flush(entry, false);
		}
	}

	/** @return whether the output had nothing left to store or was stored without error */
	/**
	 * Stores what is pending, then again while more was requested meanwhile. A request that arrives while another
	 * flush holds the lock cannot take it ({@code tryLock}) and would otherwise wait for the next tick
	 * ({@link #FLUSH_INTERVAL_MILLIS}): the holder sees its mark after unlocking and goes round once more, so a
	 * producer at the pending limit never waits for the timer (issue 8: it capped a 100 MB run at ~30 MB/s).
	 * @return whether everything pending was stored
	 */
	private boolean flush(Entry entry, boolean wait) {
		Flushed result;
		do {
			result = flushOnce(entry, wait);
		}
		while (result == Flushed.STORED && entry.flushRequested);
		return result == Flushed.STORED;
	}

	/** What one pass of {@link #flushOnce} did. */
	private enum Flushed {

		/** everything pending was stored */
		STORED,
		/** storing failed; the next tick retries */
		FAILED,
		/** another flush holds the lock and will see the request's mark after it unlocks */
		BUSY

	}

	private Flushed flushOnce(Entry entry, boolean wait) {
		if (wait) {
			entry.flushLock.lock();
		}
		else if (!entry.flushLock.tryLock()) {
			return Flushed.BUSY;
		}
		try {
			entry.flushRequested = false;
			// one chunk per flush batch (1 MiB / 10,000 lines by default), each reported stored as soon as it is, so
			// that a producer waiting at the pending limit goes on after the first insert rather than the last; a chunk
			// is compressed here while the one before it is inserted (InsertQueue)
			RunOutput output = entry.output;
			OutputLimits limits = output.limits();
			LineSource lines = output.pending();
			while (true) {
				// the lines up to handedOffSeq are in the insert in flight (or stored since the lines were taken)
				long handedOff = entry.inserts.handedOffSeq();
				long first = (lines.size() == 0) ? 0 : lines.seq(0);
				int from = (int) Math.max(0, Math.min(lines.size(), handedOff + 1 - first));
				if (from == lines.size()) {
					break;
				}
				int to = from;
				long bytes = 0;
				while (to < lines.size()
						&& (to == from || (bytes < limits.flushBytes() && to - from < limits.flushLines()))) {
					bytes += lines.sizeOf(to);
					to++;
				}
				boolean full = bytes >= limits.flushBytes() || to - from >= limits.flushLines();
				if (entry.inserts.inFlight() && !full) {
					// less than a batch: wait for the insert and take what arrives meanwhile into the same chunk,
					// rather than storing a read's worth of lines per chunk
					entry.inserts.awaitInFlight();
					lines = output.pending();
					continue;
				}
				OutputChunk chunk = store.encode(output.runId(), lines, from, to);
				try {
					entry.inserts.awaitInFlight();
				}
				catch (RuntimeException ex) {
					chunk.close();
					throw ex;
				}
				entry.inserts.submit(chunk, store::insert,
						(stored) -> output.stored(stored.lastSeq, stored.textBytes, stored.lineCount));
			}
			if (wait) {
				entry.inserts.awaitInFlight();
			}
			if (entry.failingSince != 0) {
				log.info("Run {}: output stored again after {} ms of failures", entry.output.runId(),
						System.currentTimeMillis() - entry.failingSince);
				entry.failingSince = 0;
			}
			return Flushed.STORED;
		}
		catch (RuntimeException ex) {
			if (entry.failingSince == 0) {
				entry.failingSince = System.currentTimeMillis();
				log.warn("Run {}: storing output failed, retrying every {} ms (the run's output waits in memory, up"
						+ " to {} bytes): {}", entry.output.runId(), FLUSH_INTERVAL_MILLIS,
						entry.output.limits().maxPendingBytes(), ex.getMessage());
			}
			return Flushed.FAILED;
		}
		finally {
			entry.flushLock.unlock();
		}
	}

	@Override
	public void destroy() throws InterruptedException {
		flushAll();
		flusher.shutdown();
		// the last chunks handed off are inserted before the data source closes (at most one per run)
		inserts.shutdown();
		if (!inserts.awaitTermination(10, TimeUnit.SECONDS)) {
			log.warn("Output chunks were still being inserted 10 s into the shutdown; their lines may be missing from"
					+ " the stored logs");
		}
	}

	private static final class Entry {

		private final ReentrantLock flushLock = new ReentrantLock();

		/** This run's insert in flight; used under {@link #flushLock}. */
		private final InsertQueue inserts;

		private volatile boolean flushRequested;

		/** When storing started failing, {@code 0} while it works; written under {@link #flushLock}. */
		private long failingSince;

		private RunOutput output;

		Entry(InsertQueue inserts) {
			this.inserts = inserts;
		}

	}

}
