package io.opsdeck.support;

import java.util.concurrent.Executor;

/**
 * An executor for tests whose tasks must really run at the same time: each task gets a daemon thread of its own.
 * {@code CompletableFuture.supplyAsync(task)} without an executor is not enough: on 2 cores the common pool has one
 * worker, and Java 25's {@code CompletableFuture} uses it (Java 17 started a thread per task instead), so a second
 * task waits until the first ends, and a race test either hangs or tests no race.
 */
public final class Concurrently {

	/** Runs each task on a new daemon thread named {@code concurrently-N}. */
	public static final Executor THREAD_PER_TASK = new Executor() {
		private final java.util.concurrent.atomic.AtomicInteger count = new java.util.concurrent.atomic.AtomicInteger();

		@Override
		public void execute(Runnable task) {
			Thread thread = new Thread(task, "concurrently-" + count.incrementAndGet());
			thread.setDaemon(true);
			thread.start();
		}
	};

	private Concurrently() {
	}
}
