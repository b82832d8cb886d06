package io.opsdeck.execution.internal;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.stereotype.Component;

/**
 * Threads of the run engine: one per run worker, per SSH host and per stream reader, never from the request pool.
 * Virtual threads where the JVM has them (21+) and {@code spring.threads.virtual.enabled} is on; platform threads
 * otherwise. A small timer handles timeouts and delayed kills; the heartbeat and the dispatcher's polls have a
 * scheduler of their own ({@link #database()}), so a database that does not answer (a connection attempt waits up to
 * Hikari's {@code connection-timeout}, 30 s) never delays timeouts, kills or log followers.
 */
@Component
public class ExecutionThreads implements DisposableBean {

	/**
	 * Most stop steps carried out at once: 64 SSH hosts that stopped answering are signalled within one 2 s wait
	 * (RemoteStop's), the 65th waits for a free thread.
	 */
	static final int MAX_STOP_STEPS = 64;

	private final boolean virtual;

	private final SimpleAsyncTaskExecutor io;

	private final SimpleAsyncTaskExecutor workers;

	private final SimpleAsyncTaskExecutor stops;

	private final ScheduledExecutorService timer = Executors.newScheduledThreadPool(2, runnable -> {
		Thread thread = new Thread(runnable, "opsdeck-run-timer");
		thread.setDaemon(true);
		return thread;
	});

	private final ScheduledExecutorService database = Executors.newScheduledThreadPool(2, runnable -> {
		Thread thread = new Thread(runnable, "opsdeck-run-db");
		thread.setDaemon(true);
		return thread;
	});

	ExecutionThreads(@Value("${spring.threads.virtual.enabled:false}") boolean virtualEnabled) {
		this.virtual = virtualEnabled && Runtime.version().feature() >= 21;
		this.io = executor("opsdeck-io-", -1);
		this.workers = executor("opsdeck-run-", -1);
		this.stops = executor("opsdeck-stop-", MAX_STOP_STEPS);
	}

	/**
	 * @return threads that carry out the steps of stopping runs ({@link ExecutionControl}); at most
	 * {@link #MAX_STOP_STEPS} at once, more wait for a free one
	 */
	public SimpleAsyncTaskExecutor stops() {
		return stops;
	}

	/** @return threads that read process and channel streams and serve live viewers */
	public SimpleAsyncTaskExecutor io() {
		return io;
	}

	/** @return threads that execute runs */
	public SimpleAsyncTaskExecutor workers() {
		return workers;
	}

	/**
	 * @param prefix thread name prefix
	 * @param limit most tasks running at once; submitting more blocks the submitter
	 * @return a throttled executor, e.g. for one run's SSH fan-out
	 */
	public SimpleAsyncTaskExecutor bounded(String prefix, int limit) {
		return executor(prefix, limit);
	}

	public ScheduledExecutorService timer() {
		return timer;
	}

	/** @return the scheduler of the heartbeat and the dispatcher: work that waits for the database */
	public ScheduledExecutorService database() {
		return database;
	}

	private SimpleAsyncTaskExecutor executor(String prefix, int limit) {
		SimpleAsyncTaskExecutor executor = new SimpleAsyncTaskExecutor(prefix);
		executor.setVirtualThreads(virtual);
		executor.setDaemon(true);
		if (limit > 0) {
			executor.setConcurrencyLimit(limit);
		}
		return executor;
	}

	@Override
	public void destroy() {
		timer.shutdownNow();
		database.shutdownNow();
	}

}
