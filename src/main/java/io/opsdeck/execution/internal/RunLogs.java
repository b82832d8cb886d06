package io.opsdeck.execution.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

import io.opsdeck.execution.internal.output.OutputLine;
import io.opsdeck.execution.internal.output.OutputService;
import io.opsdeck.execution.internal.output.OutputStore;
import io.opsdeck.execution.internal.output.ReadAheadReplay;
import io.opsdeck.execution.internal.output.ReplayCache;
import io.opsdeck.execution.internal.output.ReplayRecorder;
import io.opsdeck.execution.internal.output.ReplayRecording;
import io.opsdeck.execution.internal.output.RunOutput;

import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Service;

/**
 * Reading a run's log: ranges of lines for the browser (the tail first, earlier ranges on demand), search, and the
 * raw text for download. Lines come from memory for a run executing on this node and from the database otherwise.
 */
@Service
public class RunLogs {

	private static final Pattern ANSI = Pattern.compile("\u001B\\[[0-9;?]*[A-Za-z]");

	private final OutputService outputs;

	private final OutputStore store;

	private final ReadAheadReplay replay;

	private final ExecutionThreads threads;

	private final ReplayCache cache;

	private final ReplayRecorder recorder;

	RunLogs(OutputService outputs, OutputStore store, ReadAheadReplay replay, ExecutionThreads threads,
			ReplayCache cache, ReplayRecorder recorder) {
		this.outputs = outputs;
		this.store = store;
		this.replay = replay;
		this.threads = threads;
		this.cache = cache;
		this.recorder = recorder;
	}

	/** @return the highest sequence number of the run's output so far, 0 when there is none */
	public long lastSeq(UUID runId) {
		Optional<RunOutput> live = outputs.live(runId);
		return live.map(RunOutput::lastSeq).orElseGet(() -> store.lastSeq(runId));
	}

	/** @return up to {@code max} lines after {@code afterSeq} */
	public List<OutputLine> after(UUID runId, long afterSeq, int max) {
		return outputs.after(runId, afterSeq, max);
	}

	/** @return up to {@code max} lines before {@code beforeSeq}, the nearest ones, ascending */
	public List<OutputLine> before(UUID runId, long beforeSeq, int max) {
		return outputs.before(runId, beforeSeq, max);
	}

	/** @return the last {@code max} lines */
	public List<OutputLine> tail(UUID runId, int max) {
		return before(runId, lastSeq(runId) + 1, max);
	}

	/**
	 * Case-insensitive search in the text of every line, colour codes ignored.
	 * @param query text to find, 1 to 200 characters
	 * @param max most matches returned
	 * @return matching lines, ascending
	 */
	public List<OutputLine> search(UUID runId, String query, int max) {
		String needle = query.toLowerCase(Locale.ROOT);
		List<OutputLine> matches = new ArrayList<>();
		long last = store.forEach(runId, 0, line -> {
			if (matches(line, needle)) {
				matches.add(line);
			}
			return matches.size() < max;
		});
		if (matches.size() < max && outputs.live(runId).isPresent()) {
			long cursor = last;
			List<OutputLine> page;
			while (matches.size() < max && !(page = outputs.after(runId, cursor, 5000)).isEmpty()) {
				for (OutputLine line : page) {
					if (matches.size() < max && matches(line, needle)) {
						matches.add(line);
					}
				}
				cursor = page.get(page.size() - 1).seq();
			}
		}
		return matches;
	}

	private static boolean matches(OutputLine line, String needle) {
		return ANSI.matcher(line.text()).replaceAll("").toLowerCase(Locale.ROOT).contains(needle);
	}

	/**
	 * Writes the log as text: each line as it appeared, prefixed with {@code host | } when the run has several
	 * hosts; colour codes kept. Stored chunks go to {@code out} as their inflated bytes (no per-line decoding), read
	 * from the database a few chunks ahead of the writing; lines still in memory of a run executing on this node
	 * follow.
	 * @param afterSeq start after this line
	 * @param prefixHosts whether to prefix lines with their host
	 */
	public void writeText(UUID runId, long afterSeq, boolean prefixHosts, OutputStream out) throws IOException {
		// stored chunks are read on another thread while this one writes (the io executor is unbounded)
		long cursor = replay.writeText(runId, afterSeq, prefixHosts, out, threads.io());
		if (outputs.live(runId).isPresent()) {
			List<OutputLine> page;
			while (!(page = outputs.after(runId, cursor, 5000)).isEmpty()) {
				for (OutputLine line : page) {
					write(out, line, prefixHosts);
				}
				cursor = page.get(page.size() - 1).seq();
			}
		}
		out.flush();
	}

	/**
	 * What the replay cache would keep the whole text of an ended run's log under, or {@code null} when it keeps none
	 * (cache off, log too small or too large, or the run's output still in memory on this node).
	 * @param ended whether the run's status is terminal
	 */
	public ReplayCache.@Nullable Key cacheKey(UUID runId, boolean prefixHosts, boolean ended) {
		if (!ended || outputs.live(runId).isPresent()) {
			return null;
		}
		return cache.key(runId, prefixHosts);
	}

	/** @return the cached file of the whole text of the log with that key, if there is one */
	public Optional<ReplayCache.CachedLog> cachedText(ReplayCache.Key key) {
		return Optional.ofNullable(cache.find(key));
	}

	/**
	 * Writes the whole log as text like {@link #writeText(UUID, long, boolean, OutputStream)} and has the replay
	 * cache's recorder keep a file of what was written (written on its own thread, not this one) if the run's stored
	 * chunks are still those of {@code key} at the end.
	 */
	public void writeAndCacheText(ReplayCache.Key key, OutputStream out) throws IOException {
		try (ReplayRecording recording = recorder.record(key, out)) {
			writeText(key.runId(), 0, key.prefixHosts(), recording.stream());
			if (recording.recording()) {
				recording.commit(cacheKey(key.runId(), key.prefixHosts(), true));
			}
		}
	}

	private static void write(OutputStream out, OutputLine line, boolean prefixHosts) throws IOException {
		if (prefixHosts && line.host() != null) {
			out.write((line.host() + " | ").getBytes(StandardCharsets.UTF_8));
		}
		out.write(line.text().getBytes(StandardCharsets.UTF_8));
		if (line.eol()) {
			out.write('\n');
		}
	}

}
