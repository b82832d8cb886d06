package io.opsdeck.execution.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import io.opsdeck.execution.RunStatus;
import io.opsdeck.execution.internal.output.OutputService;
import io.opsdeck.execution.internal.output.RunOutput;
import io.opsdeck.identity.CredentialRechecks;

import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;

/**
 * Writes a run's output as Server-Sent Events: {@code event: line} with the sequence number as {@code id} and the
 * line as JSON, {@code event: status} when the status changes, and a final {@code event: end} with the status and
 * exit code once the run has ended and every line was sent ({@link RunStreamEnds}). A client that reconnects with
 * {@code Last-Event-ID} resumes right after that line: no gap, no duplicate. A late client first gets the backlog,
 * then live lines.
 * <p>
 * A slow client only slows its own stream: lines are read from memory while its position is still there, else
 * from the database; nothing is queued per client.
 * <p>
 * Many viewers of one run cost little more than one: while output flows, every viewer looks for new lines at the
 * same ticks of {@value StreamPacing#LINGER_MILLIS} ms (rather than being woken by each line, {@link StreamPacing}),
 * sends the lines of a tick in one write, and the viewers at the same position share one formatted, encoded copy of
 * those lines ({@link RunViewers}, {@link SharedEvents}) instead of each reading and serialising them again. After a
 * second without output a viewer waits to be woken by the next line.
 * <p>
 * The credential the stream was opened with is checked again at most once per
 * {@link CredentialRechecks#INTERVAL_MILLIS} (between batches, never per line; a waiting viewer wakes for it): when
 * the token was revoked or expired, the user disabled or signed out, or the role lost, the stream sends a final
 * {@code event: end} with {@code "reason": "access-ended"} and the run's status as it is, and closes.
 */
@Component
public class RunEventStream {

	/** Longest a single stream stays open; the browser reconnects (with Last-Event-ID) after it closes. */
	static final Duration MAX_STREAM = Duration.ofMinutes(25);

	private static final long KEEPALIVE_MILLIS = 15_000;

	/** The {@code reason} of the final {@code end} event when the stream's credential no longer may see the run. */
	public static final String ACCESS_ENDED = "access-ended";

	/** How long a stream waits before it asks an unreachable database again, milliseconds. */
	private static final long DATABASE_RETRY_MILLIS = 1000;

	private final OutputService outputs;

	private final RunTransitions transitions;

	private final RunViewers viewers;

	private final RunStreamEnds ends;

	RunEventStream(OutputService outputs, RunTransitions transitions, RunViewers viewers, RunStreamEnds ends) {
		this.outputs = outputs;
		this.transitions = transitions;
		this.viewers = viewers;
		this.ends = ends;
	}

	/** Where the formatted events go; each call must reach the client (write and flush). */
	@FunctionalInterface
	public interface Sink {

		/**
		 * @param text one or more complete events in {@code text/event-stream} format
		 * @throws IOException when the client went away
		 */
		void send(String text) throws IOException;

		/**
		 * @param utf8 complete events, UTF-8; shared with other clients: write them, never change them
		 * @throws IOException when the client went away
		 */
		default void send(byte[] utf8) throws IOException {
			send(new String(utf8, StandardCharsets.UTF_8));
		}

	}

	/**
	 * Streams until the run has ended and every line was written, the client goes away, or {@link #MAX_STREAM}.
	 * @param runId run id (must exist)
	 * @param afterSeq the last line the client has (0 for all)
	 * @param sink the client
	 * @param access the credential the stream was opened with, checked again now and then
	 * @throws IOException when the client goes away
	 */
	public void stream(UUID runId, long afterSeq, Sink sink, CredentialRechecks.Recheck access) throws IOException {
		try (RunViewers.Viewer viewer = viewers.join(runId)) {
			SseText out = new SseText(sink);
			out.write("retry: 2000\n\n");
			out.flush();
			long cursor = afterSeq;
			RunStatus sent = null;
			long lastWrite = System.currentTimeMillis();
			long lastLines = 0;
			long deadline = System.currentTimeMillis() + MAX_STREAM.toMillis();
			while (System.currentTimeMillis() < deadline) {
				Optional<String> ended = access.ended(); // a clock read; asks identity once per interval at most
				if (ended.isPresent()) {
					out.flush();
					ends.accessEnded(out, runId, ended.get());
					return;
				}
				Optional<RunOutput> live = outputs.live(runId);
				RunStatus status;
				SharedEvents.Batch lines;
				try {
					status = live.map(RunOutput::status)
						.orElseGet(() -> transitions.status(runId).orElse(RunStatus.INTERRUPTED));
					lines = viewer.after(cursor);
				}
				catch (DataAccessException ex) {
					// the database is away for a moment (a PostgreSQL restart): keep the client, ask again
					StreamPacing.sleep(DATABASE_RETRY_MILLIS);
					lastWrite = keepAlive(out, lastWrite);
					continue;
				}
				if (status != sent) {
					out.event(null, "status", Map.of("status", status.name()));
					sent = status;
				}
				if (lines != null) {
					out.flush();
					sink.send(lines.utf8()); // the same bytes for every viewer at this position: no copy
					cursor = lines.lastSeq();
					lastWrite = System.currentTimeMillis();
					lastLines = lastWrite;
					continue;
				}
				out.flush();
				if (status.isTerminal()) {
					ends.runEnded(out, runId);
					return;
				}
				if (!StreamPacing.awaitChange(live, cursor, status, lastLines)) {
					lastWrite = keepAlive(out, lastWrite);
				}
			}
		}
	}

	/**
	 * Sends a comment when nothing was written for {@value #KEEPALIVE_MILLIS} ms, so that proxies keep the stream.
	 * @param lastWrite when the stream last wrote, epoch milliseconds
	 * @return when it last wrote now
	 * @throws IOException when the client went away
	 */
	private static long keepAlive(SseText out, long lastWrite) throws IOException {
		if (System.currentTimeMillis() - lastWrite <= KEEPALIVE_MILLIS) {
			return lastWrite;
		}
		out.write(": keep-alive\n\n");
		out.flush();
		return System.currentTimeMillis();
	}

}
