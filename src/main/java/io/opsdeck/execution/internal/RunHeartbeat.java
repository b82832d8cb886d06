package io.opsdeck.execution.internal;

import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import io.opsdeck.execution.RunFinished;
import io.opsdeck.execution.RunStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Every {@code opsdeck.runs.heartbeat-interval}: marks this node's runs alive, stops the ones whose cancellation was
 * requested through another node, and marks runs of dead nodes {@code INTERRUPTED} (no heartbeat for
 * {@code opsdeck.runs.stale-after}), announcing each with {@link RunFinished}. Their stored output stays readable.
 * <p>
 * At start-up, runs an earlier process of this node id left {@code RUNNING} are marked at once. After the database
 * was unreachable (a beat failed, or waited longer than a heartbeat interval for a connection), this node judges no
 * other node for {@code stale-after}: every node lost the database at the same time, so their heartbeats are old for
 * the same reason, and they get a full {@code stale-after} to renew them before anyone counts them as dead (no
 * spurious {@code INTERRUPTED} after a PostgreSQL restart).
 */
@Component
class RunHeartbeat implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(RunHeartbeat.class);

	private final RunTransitions transitions;

	private final LocalRuns localRuns;

	private final ExecutionThreads threads;

	private final RunsProperties properties;

	private final NodeIdentity node;

	private final ApplicationEventPublisher events;

	private volatile boolean running;

	/**
	 * {@link System#nanoTime()} since when every beat reached the database in time; {@code null} while it fails. Set
	 * {@code stale-after} into the past at start-up: a starting node may judge others at once.
	 */
	private volatile Long reachableSince;

	private volatile long unreachableSince;

	RunHeartbeat(RunTransitions transitions, LocalRuns localRuns, ExecutionThreads threads, RunsProperties properties,
			NodeIdentity node, ApplicationEventPublisher events) {
		this.transitions = transitions;
		this.localRuns = localRuns;
		this.threads = threads;
		this.properties = properties;
		this.node = node;
		this.events = events;
	}

	void beat() {
		if (!running) {
			return;
		}
		long started = System.nanoTime();
		try {
			Set<UUID> ids = localRuns.ids();
			if (ids.isEmpty()) {
				transitions.ping();
			}
			else {
				transitions.heartbeat(node.id(), ids);
				for (RunTransitions.CancelRequest request : transitions.cancelRequests(node.id())) {
					localRuns.find(request.runId())
						.ifPresent(control -> control.stop(RunStatus.CANCELLED, "Cancelled by " + request.by()));
				}
			}
			boolean slow = System.nanoTime() - started > properties.heartbeatInterval().toNanos();
			if (reachableSince == null || slow) {
				log.info("The database answers again{}; other nodes' runs are judged again in {} s",
						(reachableSince == null) ? " after " + TimeUnit.NANOSECONDS.toSeconds(System.nanoTime()
								- unreachableSince) + " s" : " after a slow heartbeat",
						properties.staleAfter().toSeconds());
				reachableSince = System.nanoTime();
			}
			if (System.nanoTime() - reachableSince >= properties.staleAfter().toNanos()) {
				announce(transitions.interruptStale(properties.staleAfter()), "their node stopped sending heartbeats");
			}
		}
		catch (RuntimeException ex) {
			if (reachableSince != null) {
				unreachableSince = System.nanoTime();
				reachableSince = null;
			}
			log.warn("Run heartbeat failed: {}", ex.getMessage());
		}
	}

	private void announce(List<RunTransitions.Interrupted> interrupted, String why) {
		if (interrupted.isEmpty()) {
			return;
		}
		log.warn("Marked {} runs INTERRUPTED: {}: {}", interrupted.size(), why,
				interrupted.stream().map(RunTransitions.Interrupted::id).toList());
		for (RunTransitions.Interrupted run : interrupted) {
			try {
				events.publishEvent(new RunFinished(run.id(), run.kind(), RunStatus.INTERRUPTED, null,
						run.environment(), run.triggeredBy(), run.duration()));
			}
			catch (RuntimeException ex) {
				log.warn("Run {}: announcing that it was interrupted failed: {}", run.id(), ex.toString());
			}
		}
	}

	@Override
	public void start() {
		running = true;
		try {
			announce(transitions.interruptLeftOver(node.id()), "this node (" + node.id() + ") restarted");
		}
		catch (RuntimeException ex) {
			log.warn("Could not look for runs this node left running before it restarted: {}", ex.getMessage());
		}
		reachableSince = System.nanoTime() - properties.staleAfter().toNanos();
		long interval = properties.heartbeatInterval().toMillis();
		threads.database().scheduleWithFixedDelay(this::beat, 0, interval, TimeUnit.MILLISECONDS);
	}

	@Override
	public void stop() {
		running = false;
	}

	@Override
	public boolean isRunning() {
		return running;
	}

	@Override
	public int getPhase() {
		return SmartLifecycle.DEFAULT_PHASE - 4096;
	}

}
