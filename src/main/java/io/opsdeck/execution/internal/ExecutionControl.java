package io.opsdeck.execution.internal;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.opsdeck.execution.RunStatus;
import org.jspecify.annotations.Nullable;

/**
 * The stop switch of one executing run. A cancel, the timeout watchdog or a shutdown calls {@link #stop}; executors
 * register what stopping means for them (signal a process tree, close SSH channels) with {@link #onStop} and what
 * to do if that was not enough with {@link #afterGrace}. The first stop wins; later ones are ignored.
 * <p>
 * Stop actions and after-grace actions run on threads of their own ({@code stopper}), each action on one, never on
 * the caller's: one that waits for an SSH server that stopped answering (up to 2 s a step) used to hold the cancel
 * request for that long per host, and a graceful shutdown, which stops runs one after another, for that long per run.
 * Only what {@link #announce} registers (Opsdeck's own message, which never waits) runs on the caller's thread,
 * before the actions, so that it precedes what the stopped process prints.
 */
public final class ExecutionControl {

	private final UUID runId;

	private final Duration grace;

	private final ScheduledExecutorService timer;

	private final Executor stopper;

	private final List<Runnable> announcements = new CopyOnWriteArrayList<>();

	private final List<Runnable> stopActions = new CopyOnWriteArrayList<>();

	private volatile long stoppedAtNanos;

	private volatile @Nullable RunStatus stopStatus;

	private volatile @Nullable String stopMessage;

	/**
	 * @param runId the run
	 * @param grace how long a stopped process gets between SIGTERM and SIGKILL
	 * @param timer schedules delayed kills
	 * @param stopper runs stop and after-grace actions, one thread each (its concurrency limit, if any, bounds how
	 * many stop steps wait at once)
	 */
	public ExecutionControl(UUID runId, Duration grace, ScheduledExecutorService timer, Executor stopper) {
		this.runId = runId;
		this.grace = grace;
		this.timer = timer;
		this.stopper = stopper;
	}

	public UUID runId() {
		return runId;
	}

	/**
	 * Stops the run: runs the announcements on this thread, then hands each stop action to a thread of its own and
	 * returns without waiting for them.
	 * @param status {@code CANCELLED}, {@code TIMED_OUT} or {@code INTERRUPTED}
	 * @param message why, for the run's record
	 * @return whether this call stopped it (false if it was already stopping)
	 */
	public boolean stop(RunStatus status, String message) {
		synchronized (this) {
			if (stopStatus != null) {
				return false;
			}
			stoppedAtNanos = System.nanoTime();
			stopMessage = message;
			stopStatus = status;
		}
		for (Runnable announcement : announcements) {
			runQuietly(announcement);
		}
		for (Runnable action : stopActions) {
			inBackground(action);
		}
		return true;
	}

	/**
	 * @return how long ago {@link #stop} was called; {@link Duration#ZERO} while not stopped
	 */
	public Duration sinceStop() {
		return stopped() ? Duration.ofNanos(System.nanoTime() - stoppedAtNanos) : Duration.ZERO;
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
	 * Registers what to do when the run is stopped, on a thread of its own; starts it at once if the run already was.
	 * @return a handle that unregisters the action (call it when the resource is gone)
	 */
	public Runnable onStop(Runnable action) {
		stopActions.add(action);
		if (stopped()) {
			inBackground(action);
		}
		return () -> stopActions.remove(action);
	}

	/**
	 * Registers what a stop does first, on the stopping caller's thread, before any stop action: it must not wait
	 * (Opsdeck's own message about the stop). Register it before the run starts.
	 */
	public void announce(Runnable announcement) {
		announcements.add(announcement);
	}

	/** Runs {@code action}, on a thread of its own, once the grace period after a stop has passed. */
	public void afterGrace(Runnable action) {
		// the timer has two threads for every run's timeouts and kills: an action that waits for a server that
		// stopped answering must not hold one
		timer.schedule(() -> inBackground(action), grace.toMillis(), TimeUnit.MILLISECONDS);
	}

	public Duration grace() {
		return grace;
	}

	private void inBackground(Runnable action) {
		try {
			stopper.execute(() -> runQuietly(action));
		}
		catch (RuntimeException ex) {
			runQuietly(action); // no thread to be had (shutting down): here, rather than not at all
		}
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
