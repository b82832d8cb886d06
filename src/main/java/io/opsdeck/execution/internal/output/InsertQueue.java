package io.opsdeck.execution.internal.output;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.FutureTask;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;

/**
 * One run's chunk inserts, one at a time and in order, on a store thread, so that the flusher compresses the next
 * chunk while PostgreSQL inserts this one. Before, the flusher compressed a chunk and then waited for its insert,
 * chunk after chunk, while the producer waited at the pending limit: on a 100 MB SSH run the flusher's thread spent
 * about as long waiting for PostgreSQL's answer as compressing (async-profiler, wall clock; issue 8, twelfth round).
 * <p>
 * Not thread-safe: the caller holds the run's flush lock. At most one insert is in flight; the lines up to
 * {@link #handedOffSeq()} are in it or stored.
 */
final class InsertQueue {

	private final Executor threads;

	private @Nullable FutureTask<Void> inFlight;

	private long handedOffSeq;

	InsertQueue(Executor threads) {
		this.threads = threads;
	}

	/** @return sequence number of the last line handed to an insert; {@code 0} when none is (or after a failure) */
	long handedOffSeq() {
		return handedOffSeq;
	}

	/** @return whether an insert was submitted and not yet awaited */
	boolean inFlight() {
		return inFlight != null;
	}

	/**
	 * Waits for the insert in flight, if any, without giving up on an interrupt (the interrupt is kept for the
	 * caller): the insert's thread reports its lines stored, which must not race a second insert of them.
	 * @throws RuntimeException the insert's failure; every line after the last one stored is then to be handed off
	 * again ({@link #handedOffSeq()} is reset to {@code 0})
	 */
	void awaitInFlight() {
		FutureTask<Void> task = inFlight;
		if (task == null) {
			return;
		}
		inFlight = null;
		boolean interrupted = false;
		try {
			while (true) {
				try {
					task.get();
					return;
				}
				catch (InterruptedException ex) {
					interrupted = true;
				}
				catch (ExecutionException ex) {
					handedOffSeq = 0;
					Throwable cause = ex.getCause();
					throw (cause instanceof RuntimeException runtime) ? runtime
							: new IllegalStateException("storing output failed", cause);
				}
			}
		}
		finally {
			if (interrupted) {
				Thread.currentThread().interrupt();
			}
		}
	}

	/**
	 * Inserts {@code chunk} on a store thread, then calls {@code stored} there; the chunk is closed either way. Call
	 * {@link #awaitInFlight()} first: one insert at a time keeps a run's chunks stored in order.
	 * @throws IllegalStateException if an insert is still in flight
	 * @throws java.util.concurrent.RejectedExecutionException if the store threads are shut down (the chunk is closed)
	 */
	void submit(OutputChunk chunk, Consumer<OutputChunk> insert, Consumer<OutputChunk> stored) {
		if (inFlight != null) {
			throw new IllegalStateException("an insert is in flight");
		}
		FutureTask<Void> task = new FutureTask<>(() -> {
			try (chunk) {
				insert.accept(chunk);
				stored.accept(chunk);
			}
		}, null);
		try {
			threads.execute(task);
		}
		catch (RuntimeException ex) {
			chunk.close();
			throw ex;
		}
		inFlight = task;
		handedOffSeq = chunk.lastSeq;
	}

}
