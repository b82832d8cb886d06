package io.opsdeck.execution.internal;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import io.opsdeck.execution.RunStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Every {@code opsdeck.runs.heartbeat-interval}: marks this node's runs alive, stops the ones whose cancellation was
 * requested through another node, and marks runs of dead nodes {@code INTERRUPTED} (no heartbeat for
 * {@code opsdeck.runs.stale-after}). Their stored output stays readable.
 */
@Component
class RunHeartbeat implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(RunHeartbeat.class);

	private final RunTransitions transitions;

	private final LocalRuns localRuns;

	private final ExecutionThreads threads;

	private final RunsProperties properties;

	private final NodeIdentity node;

	private volatile boolean running;

	RunHeartbeat(RunTransitions transitions, LocalRuns localRuns, ExecutionThreads threads, RunsProperties properties,
			NodeIdentity node) {
		this.transitions = transitions;
		this.localRuns = localRuns;
		this.threads = threads;
		this.properties = properties;
		this.node = node;
	}

	void beat() {
		if (!running) {
			return;
		}
		try {
			if (localRuns.size() > 0) {
				transitions.heartbeat(node.id());
				for (RunTransitions.CancelRequest request : transitions.cancelRequests(node.id())) {
					localRuns.find(request.runId())
						.ifPresent(control -> control.stop(RunStatus.CANCELLED, "Cancelled by " + request.by()));
				}
			}
			List<UUID> interrupted = transitions.interruptStale(properties.staleAfter());
			if (!interrupted.isEmpty()) {
				log.warn("Marked {} runs INTERRUPTED: their node stopped sending heartbeats: {}", interrupted.size(),
						interrupted);
			}
		}
		catch (RuntimeException ex) {
			log.warn("Run heartbeat failed: {}", ex.getMessage());
		}
	}

	@Override
	public void start() {
		running = true;
		long interval = properties.heartbeatInterval().toMillis();
		threads.timer().scheduleWithFixedDelay(this::beat, 0, interval, TimeUnit.MILLISECONDS);
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
