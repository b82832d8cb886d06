package io.opsdeck.execution.internal;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import io.opsdeck.execution.internal.output.OutputLine;
import io.opsdeck.execution.internal.output.OutputService;
import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Component;

/**
 * The viewers of runs' event streams: each is counted as an output subscriber ({@link OutputService#subscribed()})
 * and reads its run's new lines as line events through one {@link SharedEvents} per run, so that the viewers at the
 * same position share one formatted, encoded copy instead of each reading and serialising the lines again. A run's
 * shared batches go with its last viewer.
 */
@Component
class RunViewers {

	/** Lines per read and per flush to the client: about one stored chunk, so each chunk is decoded once. */
	private static final int BATCH = 5000;

	/** Formatted batches kept per run for viewers at the same position, and their characters at most. */
	private static final int SHARED_BATCHES = 16;

	private static final long SHARED_CHARS = 4L << 20;

	/** Shared batches of the runs that have viewers now; an entry goes with the run's last viewer. */
	private final Map<UUID, Shared> shared = new ConcurrentHashMap<>();

	private final OutputService outputs;

	RunViewers(OutputService outputs) {
		this.outputs = outputs;
	}

	/**
	 * Counts a new viewer of a run; close the viewer when its stream ends.
	 * @param runId run id
	 * @return the viewer
	 */
	Viewer join(UUID runId) {
		outputs.subscribed();
		SharedEvents batches = shared.compute(runId, (id, entry) -> {
			Shared joined = (entry != null) ? entry : new Shared(new SharedEvents(SHARED_BATCHES, SHARED_CHARS));
			joined.viewers++;
			return joined;
		}).batches;
		return new Viewer(runId, batches);
	}

	/** @return runs with shared batches now (for tests: an entry goes with the run's last viewer) */
	int sharedRuns() {
		return shared.size();
	}

	private void leave(UUID runId) {
		shared.computeIfPresent(runId, (id, entry) -> (--entry.viewers == 0) ? null : entry);
		outputs.unsubscribed();
	}

	/** Reads and formats the lines after a position (memory or database), for {@link SharedEvents}. */
	private SharedEvents.@Nullable Batch load(UUID runId, long afterSeq) {
		List<OutputLine> lines = outputs.after(runId, afterSeq, BATCH);
		if (lines.isEmpty()) {
			return null;
		}
		SseText text = new SseText(null);
		for (OutputLine line : lines) {
			text.event(line.seq(), "line", LineView.of(line));
		}
		return new SharedEvents.Batch(afterSeq, lines.get(lines.size() - 1).seq(), text.text());
	}

	/** One viewer of one run, from {@link #join} until {@link #close}. */
	final class Viewer implements AutoCloseable {

		private final UUID runId;

		private final SharedEvents batches;

		private Viewer(UUID runId, SharedEvents batches) {
			this.runId = runId;
			this.batches = batches;
		}

		/**
		 * @param afterSeq the last line the viewer has
		 * @return the line events after it, at most {@value RunViewers#BATCH} lines, read from memory while they are
		 * still there, else from the database; {@code null} when there is no line after it yet
		 * @throws org.springframework.dao.DataAccessException when the database cannot be read
		 */
		SharedEvents.@Nullable Batch after(long afterSeq) {
			return batches.after(afterSeq, position -> load(runId, position));
		}

		/** Leaves the run: the shared batches go with its last viewer. */
		@Override
		public void close() {
			leave(runId);
		}

	}

	/** The shared batches of one run and how many viewers use them (changed only inside the map's compute). */
	private static final class Shared {

		private final SharedEvents batches;

		private int viewers;

		Shared(SharedEvents batches) {
			this.batches = batches;
		}

	}

}
