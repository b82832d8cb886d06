package io.opsdeck.execution.internal.output;

import java.util.List;
import java.util.function.Predicate;

import org.jspecify.annotations.Nullable;

/**
 * What one run's output holds in memory and how much of it is stored: the window of lines, their sequence numbers
 * and the byte counts that the pending, retention and output limits are checked against. Not thread-safe:
 * {@link RunOutput} guards it with its lock and decides when to wait and whom to wake.
 */
final class OutputLedger {

	private final LineWindow window = new LineWindow();

	private long lastSeq;

	private long persistedSeq;

	private long pendingBytes;

	private int pendingLines;

	private long retainedBytes;

	private long totalBytes;

	private long firstFailureSeq;

	/** @return bytes a line accounts for: its UTF-8 text plus the line feed, if one followed */
	static int sizeOf(OutputLine line) {
		return line.textBytes() + (line.eol() ? 1 : 0);
	}

	/** Adds the next line, which accounts for {@code bytes}, and marks it the first failure if it is one. */
	void add(OutputLine line, int bytes, Predicate<OutputLine> failureDetector) {
		window.add(line);
		lastSeq = line.seq();
		pendingBytes += bytes;
		pendingLines++;
		totalBytes += bytes;
		if (firstFailureSeq == 0 && failureDetector.test(line)) {
			firstFailureSeq = line.seq();
		}
	}

	/** @return lines not yet stored, oldest first (may be empty) */
	List<OutputLine> unstored() {
		return window.range(persistedSeq + 1, lastSeq, Integer.MAX_VALUE);
	}

	/** Records that every line up to {@code seq} is stored, and drops stored lines beyond the retention bounds. */
	void stored(long seq, long bytes, int lines, OutputLimits limits) {
		persistedSeq = seq;
		pendingBytes -= bytes;
		pendingLines -= lines;
		retainedBytes += bytes;
		while (window.size() > 0 && window.first().seq() <= persistedSeq
				&& (retainedBytes > limits.retainBytes() || window.size() > limits.retainLines())) {
			OutputLine dropped = window.removeFirst();
			retainedBytes -= sizeOf(dropped);
		}
	}

	/**
	 * @return up to {@code max} lines after {@code afterSeq}, or {@code null} when the reader is behind the memory
	 * window and must read the database first
	 */
	@Nullable List<OutputLine> after(long afterSeq, int max) {
		if (afterSeq + 1 < firstInMemory()) {
			return null;
		}
		return window.range(afterSeq + 1, lastSeq, max);
	}

	/** @return sequence number of the first line still in memory; lines before it are in the database */
	long firstInMemory() {
		return window.firstSeq(lastSeq + 1);
	}

	long lastSeq() {
		return lastSeq;
	}

	long pendingBytes() {
		return pendingBytes;
	}

	int pendingLines() {
		return pendingLines;
	}

	long totalBytes() {
		return totalBytes;
	}

	/** @return sequence number of the first line that looks like a failure, {@code 0} if none */
	long firstFailureSeq() {
		return firstFailureSeq;
	}

	void firstFailureSeq(long seq) {
		firstFailureSeq = seq;
	}

}
