package io.opsdeck.execution.internal;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import io.opsdeck.execution.RunStatus;
import io.opsdeck.execution.internal.output.OutputLine;
import io.opsdeck.execution.internal.output.OutputService;
import io.opsdeck.execution.internal.output.RunOutput;
import io.opsdeck.identity.CredentialRechecks;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;

/**
 * Follows a run's log as plain text for {@code curl} ({@code GET /api/v1/runs/{id}/log?follow=true}): the log so
 * far, then each new line as it comes, until the run has ended and every line was written.
 * <p>
 * A follower holds no thread while it waits: the engine's timer looks at it every {@value #TICK_MILLIS} ms (the
 * output flush interval) and, only when there are lines to write or the run has ended, an I/O thread writes them
 * and lets go. Lines come from memory or the database exactly as for the event stream. A client that goes away
 * only ends its own follower; the run never notices.
 * <p>
 * The credential the follower was opened with is checked again at most once per
 * {@link CredentialRechecks#INTERVAL_MILLIS} (on a tick, never per line): when the token was revoked or expired, the
 * user disabled or signed out, or the role lost, the follower ends and the response closes (as when the run ends).
 */
@Component
public class RunLogFollower {

	private static final Logger log = LoggerFactory.getLogger(RunLogFollower.class);

	/** How often a follower looks for new lines, milliseconds. */
	static final long TICK_MILLIS = OutputService.FLUSH_INTERVAL_MILLIS;

	/** How often a follower of a run executing on another node asks the database for its status, milliseconds. */
	private static final long REMOTE_STATUS_MILLIS = 1000;

	/** How long a follower waits before it asks an unreachable database again, milliseconds. */
	private static final long DATABASE_RETRY_MILLIS = 1000;

	/** Lines per read and write. */
	private static final int BATCH = 5000;

	private final OutputService outputs;

	private final RunTransitions transitions;

	private final ExecutionThreads threads;

	RunLogFollower(OutputService outputs, RunTransitions transitions, ExecutionThreads threads) {
		this.outputs = outputs;
		this.transitions = transitions;
		this.threads = threads;
	}

	/** Where the text goes; each call must reach the client (write and flush). */
	@FunctionalInterface
	public interface Client {

		/**
		 * @param text one or more complete lines, or the last line without its line feed
		 * @throws IOException when the client went away
		 */
		void write(String text) throws IOException;

	}

	/** What the controller learns about a follower's end. */
	public interface Ending {

		/** Every line was written and the run has ended. */
		void completed();

		/** The client went away or writing failed; the run goes on. */
		void failed(Throwable cause);

	}

	/**
	 * Starts following; returns at once.
	 * @param runId run id (must exist)
	 * @param afterSeq the first line written is the one after this (0: the whole log)
	 * @param prefixHosts whether to prefix each line with {@code host | } (runs over several hosts)
	 * @param client where the text goes
	 * @param ending told once when the follower ends
	 * @param access the credential the follower was opened with, checked again now and then
	 * @return a handle that stops the follower (e.g. when the response timed out)
	 */
	public Runnable follow(UUID runId, long afterSeq, boolean prefixHosts, Client client, Ending ending,
			CredentialRechecks.Recheck access) {
		Follower follower = new Follower(runId, afterSeq, prefixHosts, client, ending, access);
		outputs.subscribed();
		follower.schedule(0);
		return follower::stop;
	}

	private final class Follower {

		private final UUID runId;

		private final boolean prefixHosts;

		private final Client client;

		private final Ending ending;

		private final CredentialRechecks.Recheck access;

		private final AtomicBoolean done = new AtomicBoolean();

		private long cursor;

		private long statusCheckedAt;

		private RunStatus remoteStatus = RunStatus.QUEUED;

		Follower(UUID runId, long afterSeq, boolean prefixHosts, Client client, Ending ending,
				CredentialRechecks.Recheck access) {
			this.access = access;
			this.runId = runId;
			this.cursor = afterSeq;
			this.prefixHosts = prefixHosts;
			this.client = client;
			this.ending = ending;
		}

		void schedule(long delayMillis) {
			if (done.get()) {
				return;
			}
			try {
				threads.timer().schedule(() -> threads.io().execute(this::tick), delayMillis, TimeUnit.MILLISECONDS);
			}
			catch (RuntimeException ex) { // shutting down
				end(ex);
			}
		}

		/** Writes what is new; ends once the run has ended and nothing is left; else looks again later. */
		private void tick() {
			if (done.get()) {
				return;
			}
			try {
				while (true) {
					Optional<String> ended = access.ended(); // a clock read; asks identity once per interval at most
					if (ended.isPresent()) {
						log.debug("Run {}: a log follower ended: {}", runId, ended.get());
						end(null);
						return;
					}
					RunStatus status = status();
					List<OutputLine> lines = outputs.after(runId, cursor, BATCH);
					if (lines.isEmpty()) {
						if (status.isTerminal()) {
							end(null);
						}
						else {
							schedule(TICK_MILLIS);
						}
						return;
					}
					client.write(text(lines));
					cursor = lines.get(lines.size() - 1).seq();
				}
			}
			catch (DataAccessException ex) {
				// the database is away for a moment (a PostgreSQL restart): the client keeps waiting
				log.debug("Run {}: a log follower waits for the database: {}", runId, ex.getMessage());
				schedule(DATABASE_RETRY_MILLIS);
			}
			catch (IOException | RuntimeException ex) {
				end(ex);
			}
		}

		private RunStatus status() {
			Optional<RunOutput> live = outputs.live(runId);
			if (live.isPresent()) {
				return live.get().status();
			}
			long now = System.currentTimeMillis();
			if (now - statusCheckedAt >= REMOTE_STATUS_MILLIS || remoteStatus.isTerminal()) {
				remoteStatus = transitions.status(runId).orElse(RunStatus.INTERRUPTED);
				statusCheckedAt = now;
			}
			return remoteStatus;
		}

		private String text(List<OutputLine> lines) {
			StringBuilder text = new StringBuilder();
			for (OutputLine line : lines) {
				if (prefixHosts && line.host() != null) {
					text.append(line.host()).append(" | ");
				}
				text.append(line.original());
			}
			return text.toString();
		}

		void stop() {
			end(new IOException("stopped"));
		}

		private void end(Throwable failure) {
			if (!done.compareAndSet(false, true)) {
				return;
			}
			outputs.unsubscribed();
			if (failure == null) {
				ending.completed();
			}
			else {
				log.debug("Run {}: a log follower ended: {}", runId, failure.toString());
				ending.failed(failure);
			}
		}

	}

}
