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

	/**
	 * The failure detector of runs that have none (SSH runs): with it, a line read as bytes never becomes an object
	 * on the producer's path ({@link LineWindow}).
	 */
	static final Predicate<OutputLine> NO_FAILURES = line -> false;

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
		added(line.seq(), bytes);
		if (firstFailureSeq == 0 && failureDetector != NO_FAILURES && failureDetector.test(line)) {
			firstFailureSeq = line.seq();
		}
	}

	/**
	 * Adds the next line as {@code utf8[offset, offset + textBytes)} (see {@link LineWindow#add(long, long,
	 * StreamKind, String, byte[], int, int, boolean, boolean)}), as an object only when a failure detector reads it.
	 */
	void add(long timeMillis, StreamKind stream, @Nullable String host, byte[] utf8, int offset, int textBytes,
			boolean wrapped, boolean eol, Predicate<OutputLine> failureDetector) {
		long seq = lastSeq + 1;
		window.add(seq, timeMillis, stream, host, utf8, offset, textBytes, wrapped, eol);
		added(seq, textBytes + (eol ? 1 : 0));
		if (firstFailureSeq == 0 && failureDetector != NO_FAILURES && failureDetector.test(window.line(seq))) {
			firstFailureSeq = seq;
		}
	}

	private void added(long seq, int bytes) {
		lastSeq = seq;
		pendingBytes += bytes;
		pendingLines++;
		totalBytes += bytes;
	}

	/** @return lines not yet stored, oldest first (may be empty), as objects: see {@link #pending()} */
	List<OutputLine> unstored() {
		return window.range(persistedSeq + 1, lastSeq, Integer.MAX_VALUE);
	}

	/** @return lines not yet stored, oldest first (may be empty), read in place ({@link LineWindow#pending}) */
	LineSource pending() {
		return window.pending(persistedSeq + 1);
	}

	/** Records that every line up to {@code seq} is stored, and drops stored lines beyond the retention bounds. */
	void stored(long seq, long bytes, int lines, OutputLimits limits) {
		persistedSeq = seq;
		pendingBytes -= bytes;
		pendingLines -= lines;
		retainedBytes += bytes;
		while (window.size() > 0 && window.firstSeq(lastSeq + 1) <= persistedSeq
				&& (retainedBytes > limits.retainBytes() || window.size() > limits.retainLines())) {
			retainedBytes -= window.removeFirst();
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
