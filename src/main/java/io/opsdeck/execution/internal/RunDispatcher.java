package io.opsdeck.execution.internal;

import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.opsdeck.execution.RunQueued;
import io.opsdeck.execution.RunStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Moves queued runs to workers on this node, at most {@code opsdeck.runs.max-concurrent} at a time. Any node may
 * claim any queued run ({@code FOR UPDATE SKIP LOCKED}); runs queued here are picked up right after their
 * transaction commits, others at the next poll. On shutdown it stops claiming, lets running runs finish for
 * {@code opsdeck.runs.shutdown-grace}, then stops the rest, which end {@code INTERRUPTED}.
 */
@Component
class RunDispatcher implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(RunDispatcher.class);

	private final RunTransitions transitions;

	private final RunWorker worker;

	private final LocalRuns localRuns;

	private final ExecutionThreads threads;

	private final RunsProperties properties;

	private final NodeIdentity node;

	private final AtomicInteger active = new AtomicInteger();

	private volatile boolean accepting;

	RunDispatcher(RunTransitions transitions, RunWorker worker, LocalRuns localRuns, ExecutionThreads threads,
			RunsProperties properties, NodeIdentity node) {
		this.transitions = transitions;
		this.worker = worker;
		this.localRuns = localRuns;
		this.threads = threads;
		this.properties = properties;
		this.node = node;
	}

	@TransactionalEventListener
	void on(RunQueued queued) {
		threads.database().execute(this::dispatch);
	}

	/** Claims queued runs while this node has free slots. */
	synchronized void dispatch() {
		while (accepting && active.get() < properties.maxConcurrent()) {
			Optional<UUID> claimed;
			try {
				claimed = transitions.claimNext(node.id());
			}
			catch (RuntimeException ex) {
				log.warn("Could not look for queued runs: {}", ex.getMessage());
				return;
			}
			if (claimed.isEmpty()) {
				return;
			}
			UUID id = claimed.get();
			active.incrementAndGet();
			threads.workers().execute(() -> {
				try {
					worker.execute(id);
				}
				catch (RuntimeException ex) {
					log.error("Run {} could not be completed", id, ex);
				}
				finally {
					active.decrementAndGet();
					threads.database().execute(this::dispatch);
				}
			});
		}
	}

	@Override
	public void start() {
		accepting = true;
		long poll = properties.pollInterval().toMillis();
		threads.database().scheduleWithFixedDelay(this::dispatch, poll, poll, TimeUnit.MILLISECONDS);
		log.info("Run dispatcher started on node {} ({} runs at once)", node.id(), properties.maxConcurrent());
	}

	@Override
	public void stop() {
		accepting = false;
		if (awaitIdle(properties.shutdownGrace())) {
			return;
		}
		log.warn("Stopping {} runs still in progress at shutdown", localRuns.size());
		localRuns.all()
			.forEach(control -> control.stop(RunStatus.INTERRUPTED, "Opsdeck shut down while the run was in progress"));
		awaitIdle(properties.killGrace().plusSeconds(5));
	}

	private boolean awaitIdle(Duration limit) {
		long deadline = System.nanoTime() + limit.toNanos();
		while (active.get() > 0 && System.nanoTime() < deadline) {
			try {
				Thread.sleep(100);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return false;
			}
		}
		return active.get() == 0;
	}

	@Override
	public boolean isRunning() {
		return accepting;
	}

	@Override
	public int getPhase() {
		return SmartLifecycle.DEFAULT_PHASE - 512;
	}

}
