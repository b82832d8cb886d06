package io.opsdeck.execution.internal;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.opsdeck.execution.RunStatus;
import org.jspecify.annotations.Nullable;

/**
 * The stop switch of one executing run. A cancel, the timeout watchdog or a shutdown calls {@link #stop}; executors
 * register what stopping means for them (signal a process tree, close SSH channels) with {@link #onStop} and what
 * to do if that was not enough with {@link #afterGrace}. The first stop wins; later ones are ignored.
 */
public final class ExecutionControl {

	private final UUID runId;

	private final Duration grace;

	private final ScheduledExecutorService timer;

	private final List<Runnable> stopActions = new CopyOnWriteArrayList<>();

	private volatile @Nullable RunStatus stopStatus;

	private volatile @Nullable String stopMessage;

	/**
	 * @param runId the run
	 * @param grace how long a stopped process gets between SIGTERM and SIGKILL
	 * @param timer runs delayed kills
	 */
	public ExecutionControl(UUID runId, Duration grace, ScheduledExecutorService timer) {
		this.runId = runId;
		this.grace = grace;
		this.timer = timer;
	}

	public UUID runId() {
		return runId;
	}

	/**
	 * Stops the run.
	 * @param status {@code CANCELLED}, {@code TIMED_OUT} or {@code INTERRUPTED}
	 * @param message why, for the run's record
	 * @return whether this call stopped it (false if it was already stopping)
	 */
	public boolean stop(RunStatus status, String message) {
		synchronized (this) {
			if (stopStatus != null) {
				return false;
			}
			stopStatus = status;
			stopMessage = message;
		}
		for (Runnable action : stopActions) {
			runQuietly(action);
		}
		return true;
	}

	/** @return whether {@link #stop} was called */
	public boolean stopped() {
		return stopStatus != null;
	}

	/** @return the status the stop asked for, or {@code null} while not stopped */
	public @Nullable RunStatus stopStatus() {
		return stopStatus;
	}

	public @Nullable String stopMessage() {
		return stopMessage;
	}

	/**
	 * Registers what to do when the run is stopped; runs it at once if it already was.
	 * @return a handle that unregisters the action (call it when the resource is gone)
	 */
	public Runnable onStop(Runnable action) {
		stopActions.add(action);
		if (stopped()) {
			runQuietly(action);
		}
		return () -> stopActions.remove(action);
	}

	/** Runs {@code action} once the grace period after a stop has passed. */
	public void afterGrace(Runnable action) {
		timer.schedule(() -> runQuietly(action), grace.toMillis(), TimeUnit.MILLISECONDS);
	}

	public Duration grace() {
		return grace;
	}

	private static void runQuietly(Runnable action) {
		try {
			action.run();
		}
		catch (RuntimeException ex) {
			// stopping is best effort; the executor reports what it finally observed
		}
	}

}
