package io.opsdeck.execution.internal;

import java.io.IOException;
import java.util.Optional;

import io.opsdeck.execution.RunStatus;
import io.opsdeck.execution.internal.output.OutputService;
import io.opsdeck.execution.internal.output.RunOutput;
import io.opsdeck.identity.CredentialRechecks;

/**
 * When a viewer of a run's event stream ({@link RunEventStream}) looks for new lines again. While output flows,
 * every viewer of the run looks at the same wall-clock ticks of {@value #LINGER_MILLIS} ms rather than being woken
 * by each line (100 viewers woken 1,000 times a second stall the writer's lock), so they find the tick's lines
 * formatted once ({@link SharedEvents}). After {@value #QUIET_MILLIS} ms without output a viewer waits to be woken
 * by the next line instead, and then lets the lines of that tick join it. A waiting viewer wakes at least once per
 * {@link CredentialRechecks#INTERVAL_MILLIS}, so a revoked credential ends a quiet stream in time too.
 */
final class StreamPacing {

	/**
	 * How long a viewer that was waiting lets new lines gather before it sends them, milliseconds: at most this much
	 * latency for a write per viewer every {@value} ms instead of one per line (1,000 lines/s to 100 viewers).
	 */
	static final long LINGER_MILLIS = 20;

	/**
	 * While a run's output flowed within this many milliseconds, its viewers look for new lines every
	 * {@link #LINGER_MILLIS} ms; after a quiet time they wait to be woken by the next line instead.
	 */
	private static final long QUIET_MILLIS = 1000;

	private StreamPacing() {
	}

	/**
	 * Waits until the viewer should look for lines again.
	 * @param live the run's output while it runs on this node; empty otherwise (then it sleeps
	 * {@link OutputService#FLUSH_INTERVAL_MILLIS} ms and answers {@code false}: the database is read again)
	 * @param cursor the last line the viewer has
	 * @param status the status the viewer has
	 * @param lastLines when the viewer last got lines, epoch milliseconds (0 for never)
	 * @return whether a line after {@code cursor} or another status is there, as far as it knows
	 * @throws IOException when the thread is interrupted (its interrupt flag set again)
	 */
	static boolean awaitChange(Optional<RunOutput> live, long cursor, RunStatus status, long lastLines)
			throws IOException {
		if (live.isPresent() && System.currentTimeMillis() - lastLines < QUIET_MILLIS) {
			// output flows: look again at the next tick, as every other viewer of the run does
			sleepToNextTick();
			return live.get().lastSeq() > cursor || live.get().status() != status;
		}
		boolean changed = waitForChange(live, cursor, status);
		if (changed && live.isPresent() && live.get().lastSeq() > cursor) {
			// the first line after a quiet time: let the lines of this tick join it in one write
			sleepToNextTick();
		}
		return changed;
	}

	/**
	 * @param millis how long, milliseconds
	 * @throws IOException when the thread is interrupted (its interrupt flag set again)
	 */
	static void sleep(long millis) throws IOException {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IOException("interrupted", ex);
		}
	}

	private static boolean waitForChange(Optional<RunOutput> live, long cursor, RunStatus status) throws IOException {
		try {
			if (live.isPresent()) {
				// wake at least once per recheck interval, so a revoked credential ends a quiet stream in time too
				return live.get().await(cursor, status, CredentialRechecks.INTERVAL_MILLIS);
			}
			sleep(OutputService.FLUSH_INTERVAL_MILLIS);
			return false;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IOException("interrupted", ex);
		}
	}

	/**
	 * Sleeps until the next multiple of {@link #LINGER_MILLIS} of the wall clock, so the viewers of a run wake
	 * together and find their lines formatted once.
	 */
	private static void sleepToNextTick() throws IOException {
		sleep(LINGER_MILLIS - System.currentTimeMillis() % LINGER_MILLIS);
	}

}
