package io.opsdeck.execution.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import io.opsdeck.execution.RunFinished;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.event.EventListener;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Lets an API client wait for the end of a run without holding a thread ({@code GET /api/v1/runs/{id}?waitSeconds=N}):
 * a waiter is a future, completed {@code true} as soon as the run has ended, or {@code false} when its time is up.
 * <p>
 * A run that ends on this node completes its waiters at once ({@link RunFinished}, published after the final status
 * and all output are stored). A run that ends on another node of the cluster, or a queued run cancelled before it
 * started (no event), is noticed by a check of the waited runs' stored status every {@value #CHECK_MILLIS} ms (one
 * query for all of them, only while someone waits). Completion and the caller's follow-up work run on this class's
 * own threads, never on the run's worker or the timer.
 */
@Component
public class RunWaits implements DisposableBean {

	private static final Logger log = LoggerFactory.getLogger(RunWaits.class);

	/** How often the stored status of the waited runs is checked, milliseconds. */
	static final long CHECK_MILLIS = 1000;

	/** Runs per status query of {@link #checkStored()}. */
	private static final int CHECK_BATCH = 500;

	private final JdbcTemplate jdbc;

	private final ExecutionThreads threads;

	/** Waiters per run; a run's entry goes with its last waiter. */
	private final Map<UUID, Set<CompletableFuture<Boolean>>> waiting = new ConcurrentHashMap<>();

	private final ExecutorService completions = Executors.newFixedThreadPool(2, runnable -> {
		Thread thread = new Thread(runnable, "opsdeck-run-wait");
		thread.setDaemon(true);
		return thread;
	});

	private final ScheduledFuture<?> checks;

	RunWaits(JdbcTemplate jdbc, ExecutionThreads threads) {
		this.jdbc = jdbc;
		this.threads = threads;
		this.checks = threads.database()
			.scheduleWithFixedDelay(this::checkStored, CHECK_MILLIS, CHECK_MILLIS, TimeUnit.MILLISECONDS);
	}

	/**
	 * Waits for a run to end. The caller checks the stored status after this call (a run that ended just before it
	 * never completes the future through an event); the future's dependants run on this class's threads.
	 * @param runId the run
	 * @param timeoutMillis how long to wait at most, milliseconds (&gt; 0)
	 * @return completed {@code true} when the run has ended, {@code false} when the time is up; cancel it when the
	 * caller goes away
	 */
	public CompletableFuture<Boolean> waitFor(UUID runId, long timeoutMillis) {
		CompletableFuture<Boolean> waiter = new CompletableFuture<>();
		waiting.computeIfAbsent(runId, id -> ConcurrentHashMap.newKeySet()).add(waiter);
		ScheduledFuture<?> timeout = threads.timer()
			.schedule(() -> complete(waiter, false), timeoutMillis, TimeUnit.MILLISECONDS);
		waiter.whenComplete((ended, failure) -> {
			timeout.cancel(false);
			waiting.computeIfPresent(runId, (id, waiters) -> {
				waiters.remove(waiter);
				return waiters.isEmpty() ? null : waiters;
			});
		});
		return waiter;
	}

	/** @return waiters now, all runs (for tests and metrics) */
	public int waiters() {
		return waiting.values().stream().mapToInt(Set::size).sum();
	}

	@EventListener
	void on(RunFinished finished) {
		ended(finished.runId());
	}

	private void ended(UUID runId) {
		Set<CompletableFuture<Boolean>> waiters = waiting.get(runId);
		if (waiters != null) {
			waiters.forEach(waiter -> complete(waiter, true));
		}
	}

	private void complete(CompletableFuture<Boolean> waiter, boolean ended) {
		if (!waiter.isDone()) {
			try {
				completions.execute(() -> waiter.complete(ended));
			}
			catch (java.util.concurrent.RejectedExecutionException shuttingDown) {
				waiter.complete(ended);
			}
		}
	}

	/** The fallback for runs that end elsewhere: one query for every waited run. */
	private void checkStored() {
		if (waiting.isEmpty()) {
			return;
		}
		List<UUID> ids = new ArrayList<>(waiting.keySet());
		try {
			for (int from = 0; from < ids.size(); from += CHECK_BATCH) {
				List<UUID> batch = ids.subList(from, Math.min(ids.size(), from + CHECK_BATCH));
				String marks = String.join(", ", java.util.Collections.nCopies(batch.size(), "?"));
				jdbc.queryForList("select id from runs where id in (" + marks
						+ ") and status not in ('QUEUED', 'RUNNING')", UUID.class, batch.toArray())
					.forEach(this::ended);
			}
		}
		catch (DataAccessException ex) {
			log.debug("Checking waited runs failed, trying again in {} ms: {}", CHECK_MILLIS, ex.getMessage());
		}
		catch (RuntimeException ex) {
			log.warn("Checking waited runs failed: {}", ex.toString());
		}
	}

	@Override
	public void destroy() {
		checks.cancel(false);
		completions.shutdown();
	}

}
