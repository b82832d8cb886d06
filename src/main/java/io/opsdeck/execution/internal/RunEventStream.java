package io.opsdeck.execution.internal;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import io.opsdeck.execution.RunStatus;
import io.opsdeck.execution.internal.output.OutputLine;
import io.opsdeck.execution.internal.output.OutputService;
import io.opsdeck.execution.internal.output.RunOutput;
import io.opsdeck.identity.CredentialRechecks;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;

/**
 * Writes a run's output as Server-Sent Events: {@code event: line} with the sequence number as {@code id} and the
 * line as JSON, {@code event: status} when the status changes, and a final {@code event: end} with the status and
 * exit code once the run has ended and every line was sent. A client that reconnects with {@code Last-Event-ID}
 * resumes right after that line: no gap, no duplicate. A late client first gets the backlog, then live lines.
 * <p>
 * A slow client only slows its own stream: lines are read from memory while its position is still there, else
 * from the database; nothing is queued per client.
 * <p>
 * Many viewers of one run cost little more than one: while output flows, every viewer looks for new lines at the
 * same ticks of {@value #LINGER_MILLIS} ms (rather than being woken by each line), sends the lines of a tick in one
 * write, and the viewers at the same position share one formatted, encoded copy of those lines
 * ({@link SharedEvents}) instead of each reading and serialising them again. After a second without output a
 * viewer waits to be woken by the next line.
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

	/** Lines per read and per flush to the client: about one stored chunk, so each chunk is decoded once. */
	private static final int BATCH = 5000;

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

	/** Formatted batches kept per run for viewers at the same position, and their characters at most. */
	private static final int SHARED_BATCHES = 16;

	private static final long SHARED_CHARS = 4L << 20;

	/** Shared batches of the runs that have viewers now; an entry goes with the run's last viewer. */
	private final Map<UUID, Shared> shared = new ConcurrentHashMap<>();

	private final OutputService outputs;

	private final RunTransitions transitions;

	private final RunRepository runs;

	private final JsonMapper json = JsonMapper.builder().build();

	RunEventStream(OutputService outputs, RunTransitions transitions, RunRepository runs) {
		this.outputs = outputs;
		this.transitions = transitions;
		this.runs = runs;
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
			send(new String(utf8, java.nio.charset.StandardCharsets.UTF_8));
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
		outputs.subscribed();
		SharedEvents batches = join(runId);
		try {
			Batch out = new Batch(sink);
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
					accessEnded(out, runId, ended.get());
					return;
				}
				Optional<RunOutput> live = outputs.live(runId);
				RunStatus status;
				SharedEvents.Batch lines;
				try {
					status = live.map(RunOutput::status)
						.orElseGet(() -> transitions.status(runId).orElse(RunStatus.INTERRUPTED));
					lines = batches.after(cursor, position -> load(runId, position));
				}
				catch (DataAccessException ex) {
					// the database is away for a moment (a PostgreSQL restart): keep the client, ask again
					sleep(DATABASE_RETRY_MILLIS);
					if (System.currentTimeMillis() - lastWrite > KEEPALIVE_MILLIS) {
						out.write(": keep-alive\n\n");
						out.flush();
						lastWrite = System.currentTimeMillis();
					}
					continue;
				}
				if (status != sent) {
					event(out, null, "status", Map.of("status", status.name()));
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
					end(out, runId);
					return;
				}
				boolean changed;
				if (live.isPresent() && System.currentTimeMillis() - lastLines < QUIET_MILLIS) {
					// output flows: look again at the next tick, as every other viewer of the run does, instead of
					// being woken by each line (100 viewers woken 1,000 times a second stall the writer's lock)
					sleepToNextTick();
					changed = live.get().lastSeq() > cursor || live.get().status() != status;
				}
				else {
					changed = waitForChange(live, cursor, status);
					if (changed && live.isPresent() && live.get().lastSeq() > cursor) {
						// the first line after a quiet time: let the lines of this tick join it in one write
						sleepToNextTick();
					}
				}
				if (!changed && System.currentTimeMillis() - lastWrite > KEEPALIVE_MILLIS) {
					out.write(": keep-alive\n\n");
					out.flush();
					lastWrite = System.currentTimeMillis();
				}
			}
		}
		finally {
			leave(runId);
			outputs.unsubscribed();
		}
	}

	/** Reads and formats the lines after a position (memory or database), for {@link SharedEvents}. */
	private SharedEvents.@Nullable Batch load(UUID runId, long afterSeq) {
		List<OutputLine> lines = outputs.after(runId, afterSeq, BATCH);
		if (lines.isEmpty()) {
			return null;
		}
		Batch text = new Batch(null);
		for (OutputLine line : lines) {
			event(text, line.seq(), "line", LineView.of(line));
		}
		return new SharedEvents.Batch(afterSeq, lines.get(lines.size() - 1).seq(), text.text.toString());
	}

	private SharedEvents join(UUID runId) {
		return shared.compute(runId, (id, entry) -> {
			Shared joined = (entry != null) ? entry : new Shared(new SharedEvents(SHARED_BATCHES, SHARED_CHARS));
			joined.viewers++;
			return joined;
		}).batches;
	}

	private void leave(UUID runId) {
		shared.computeIfPresent(runId, (id, entry) -> (--entry.viewers == 0) ? null : entry);
	}

	/** The shared batches of one run and how many viewers use them (changed only inside the map's compute). */
	private static final class Shared {

		private final SharedEvents batches;

		private int viewers;

		Shared(SharedEvents batches) {
			this.batches = batches;
		}

	}

	/** @return runs with shared batches now (for tests: an entry goes with the run's last viewer) */
	int sharedRuns() {
		return shared.size();
	}

	private boolean waitForChange(Optional<RunOutput> live, long cursor, RunStatus status) throws IOException {
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

	private static void sleep(long millis) throws IOException {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IOException("interrupted", ex);
		}
	}

	private void end(Batch out, UUID runId) throws IOException {
		Run run = runs.findById(runId).orElseThrow();
		Map<String, Object> data = new java.util.LinkedHashMap<>();
		data.put("status", run.getStatus().name());
		data.put("exitCode", run.getExitCode());
		data.put("message", run.getMessage());
		event(out, null, "end", data);
		out.flush();
	}

	/** The final event when the credential may no longer see the run: the run goes on, this stream ends. */
	private void accessEnded(Batch out, UUID runId, String message) throws IOException {
		Map<String, Object> data = new java.util.LinkedHashMap<>();
		data.put("status", transitions.status(runId).orElse(RunStatus.INTERRUPTED).name());
		data.put("exitCode", null);
		data.put("message", message);
		data.put("reason", ACCESS_ENDED);
		event(out, null, "end", data);
		out.flush();
	}

	/** Collects events and sends them with one flush. */
	private static final class Batch {

		private final @Nullable Sink sink;

		private StringBuilder text = new StringBuilder();

		/** @param sink the client, or {@code null} to only collect the text */
		Batch(@Nullable Sink sink) {
			this.sink = sink;
		}

		void write(String part) {
			text.append(part);
		}

		void write(char part) {
			text.append(part);
		}

		void flush() throws IOException {
			if (text.length() > 0 && sink != null) {
				sink.send(text.toString());
				// a viewer's own text is small (status, keep-alive, end); never keep a large buffer per viewer
				text = (text.capacity() > 8192) ? new StringBuilder() : text.delete(0, text.length());
			}
		}

	}

	private void event(Batch out, Long id, String name, Object data) {
		if (id != null) {
			out.write("id: ");
			out.write(Long.toString(id));
			out.write('\n');
		}
		out.write("event: ");
		out.write(name);
		out.write("\ndata: ");
		out.write(json.writeValueAsString(data));
		out.write("\n\n");
	}

}
