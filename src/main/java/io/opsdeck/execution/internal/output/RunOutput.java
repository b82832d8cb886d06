package io.opsdeck.execution.internal.output;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;

import io.opsdeck.execution.RunStatus;
import org.jspecify.annotations.Nullable;

/**
 * The live output of one run on the node executing it. Producers (process and channel readers) append lines; the
 * flusher moves them to the database in chunks; viewers read them by sequence number and wait for more.
 * <p>
 * Memory stays bounded whatever the viewers do: a viewer never holds lines, it reads from here while its position
 * is still in memory and from the database otherwise. Only lines already stored are dropped from memory, so every
 * line is always in one place or the other. When the database falls behind by {@link OutputLimits#maxPendingBytes}
 * the producer waits, which in turn slows the process through its pipe.
 */
public final class RunOutput {

	private final UUID runId;

	private final OutputLimits limits;

	private volatile SecretMasker masker;

	private final Predicate<OutputLine> failureDetector;

	private final Runnable flushRequest;

	private final Clock clock;

	private final ReentrantLock lock = new ReentrantLock();

	private final Condition changed = lock.newCondition();

	private final Condition drained = lock.newCondition();

	private final OutputLedger ledger = new OutputLedger();

	private boolean truncated;

	private boolean closed;

	private volatile RunStatus status = RunStatus.QUEUED;

	RunOutput(UUID runId, OutputLimits limits, SecretMasker masker, Predicate<OutputLine> failureDetector,
			Runnable flushRequest, Clock clock) {
		this.runId = runId;
		this.limits = limits;
		this.masker = masker;
		this.failureDetector = failureDetector;
		this.flushRequest = flushRequest;
		this.clock = clock;
	}

	public UUID runId() {
		return runId;
	}

	/** @return the size bounds of this output */
	OutputLimits limits() {
		return limits;
	}

	/**
	 * @param stream the stream the bytes come from
	 * @param host the server, or {@code null}
	 * @return a splitter that appends the lines of one byte stream here
	 */
	public LineSplitter splitter(StreamKind stream, @Nullable String host) {
		return new LineSplitter(limits.maxLineBytes(), new RunOutputSink(this, stream, host));
	}

	/** @return where a fragment cut at the line limit may end so that no secret spans the cut */
	int safeCut(String text) {
		return masker.safeCut(text);
	}

	/** Adds secrets learned during the run (e.g. a credential's passphrase); later lines are masked for them too. */
	public void addSecrets(java.util.Collection<String> secrets) {
		if (!secrets.isEmpty()) {
			masker = masker.with(secrets);
		}
	}

	/** @return the text with the run's secrets masked, for messages stored outside the output */
	public String mask(String text) {
		return masker.mask(text);
	}

	/**
	 * Appends a message of Opsdeck's own ({@link StreamKind#SYSTEM}) without waiting for the database: such messages
	 * are few and short (a stop, a host's failure), and a stop writes one before it signals the process, so waiting at
	 * the pending limit held the stop (a cancel, the shutdown hook) for as long as PostgreSQL was away.
	 */
	public void system(@Nullable String host, String message) {
		for (String line : message.split("\n", -1)) {
			append(StreamKind.SYSTEM, host, line, null, 0, -1, false, true, false);
		}
	}

	/**
	 * Appends a message of Opsdeck's own that reports a failure, and makes it the run's first failure if there was
	 * none yet (the target of "jump to first failure").
	 */
	public void failure(@Nullable String host, String message) {
		long before = lastSeq();
		system(host, message);
		lock.lock();
		try {
			if (ledger.firstFailureSeq() == 0 && ledger.lastSeq() > before) {
				ledger.firstFailureSeq(before + 1);
			}
		}
		finally {
			lock.unlock();
		}
	}

	/**
	 * Appends one line. Blocks while too much output waits for the database.
	 * @throws IllegalStateException after {@link #close()}
	 */
	public void append(StreamKind stream, @Nullable String host, String text, boolean wrapped, boolean eol) {
		append(stream, host, text, null, 0, -1, wrapped, eol);
	}

	/**
	 * {@link #append(StreamKind, String, String, boolean, boolean)} of either a decoded text or ASCII bytes.
	 * @param text the text, or {@code null} when the line is {@code ascii[offset, offset + textBytes)}
	 * @param ascii the line's bytes, all ASCII, never changed afterwards (kept by the line), or {@code null}
	 * @param textBytes the UTF-8 size of the text, {@code -1} if unknown (never with bytes)
	 */
	void append(StreamKind stream, @Nullable String host, @Nullable String text, byte @Nullable [] ascii,
			int offset, int textBytes, boolean wrapped, boolean eol) {
		append(stream, host, text, ascii, offset, textBytes, wrapped, eol, true);
	}

	/** @param waitForRoom whether to wait while {@link OutputLimits#maxPendingBytes} wait for the database */
	private void append(StreamKind stream, @Nullable String host, @Nullable String text, byte @Nullable [] ascii,
			int offset, int textBytes, boolean wrapped, boolean eol, boolean waitForRoom) {
		boolean requestFlush;
		lock.lock();
		try {
			checkOpen();
			if (waitForRoom) {
				awaitRoom();
			}
			if (truncated) {
				return;
			}
			add(stream, host, text, ascii, offset, textBytes, wrapped, eol, clock.millis());
			changed.signalAll();
			requestFlush = flushDue();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return;
		}
		finally {
			lock.unlock();
		}
		if (requestFlush) {
			flushRequest.run();
		}
	}

	/**
	 * Appends the whole lines of one read ({@link LineSplitter.Sink#lines}), each exactly as
	 * {@link #append(StreamKind, String, String, byte[], int, int, boolean, boolean)} of a whole line would, but
	 * under one lock, with one wake-up of viewers and one timestamp for the read (taken again after waiting for the
	 * database). A 100 MB SSH run is ~930,000 lines in ~3,200 reads: the per-line lock, {@code signalAll} and clock
	 * were most of the pump thread's CPU (issue 8, seventh round). Lines {@code from} to {@code count - 1}.
	 */
	void appendLines(StreamKind stream, @Nullable String host, byte[] block, int[] offsets, int[] lengths,
			boolean[] ascii, int from, int count) {
		boolean requestFlush;
		boolean added = false;
		lock.lock();
		try {
			checkOpen();
			long now = clock.millis();
			for (int i = from; i < count; i++) {
				if (ledger.pendingBytes() >= limits.maxPendingBytes()) {
					if (added) {
						changed.signalAll();
						added = false;
					}
					awaitRoom();
					now = clock.millis();
				}
				if (truncated) {
					break;
				}
				if (ascii[i]) {
					add(stream, host, null, block, offsets[i], lengths[i], false, true, now);
				}
				else {
					// may hold invalid UTF-8, which decoding turns into U+FFFD: decoded and masked as text
					add(stream, host, new String(block, offsets[i], lengths[i], StandardCharsets.UTF_8), null, 0, -1,
							false, true, now);
				}
				added = true;
			}
			if (added) {
				changed.signalAll();
			}
			requestFlush = flushDue();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return;
		}
		finally {
			lock.unlock();
		}
		if (requestFlush) {
			flushRequest.run();
		}
	}

	/**
	 * Holds the producer while {@code maxPendingBytes} of output wait for the database, asking the flusher to store
	 * them (back-pressure: the SSH channel's window or the process's pipe fills meanwhile). Caller holds the lock.
	 * @throws InterruptedException when the producer's thread is interrupted while waiting
	 */
	private void awaitRoom() throws InterruptedException {
		while (ledger.pendingBytes() >= limits.maxPendingBytes()) {
			flushRequest.run();
			drained.await(1, TimeUnit.SECONDS);
		}
	}

	private void checkOpen() {
		if (closed) {
			throw new IllegalStateException("output of run " + runId + " is closed");
		}
	}

	private boolean flushDue() {
		return ledger.pendingBytes() >= limits.flushBytes() || ledger.pendingLines() >= limits.flushLines();
	}

	/** Masks and adds one line (or the output limit's notice); the caller holds the lock and wakes viewers. */
	private void add(StreamKind stream, @Nullable String host, @Nullable String text, byte @Nullable [] ascii,
			int offset, int textBytes, boolean wrapped, boolean eol, long now) {
		// a line of ASCII bytes in which no secret occurs stays bytes: no String per line (issue 8)
		SecretMasker secrets = masker;
		boolean asBytes = ascii != null && (secrets.isEmpty() || !secrets.mayOccurIn(ascii, offset, textBytes));
		String masked = null;
		int maskedBytes = textBytes;
		if (!asBytes) {
			String plain = (text != null) ? text : new String(ascii, offset, textBytes, StandardCharsets.US_ASCII);
			masked = secrets.mask(plain);
			maskedBytes = (masked == plain && textBytes >= 0) ? textBytes : OutputLine.utf8Length(masked);
		}
		int bytes = maskedBytes + (eol ? 1 : 0);
		if (ledger.totalBytes() + bytes > limits.maxOutputBytes()) {
			truncated = true;
			OutputLine notice = new OutputLine(ledger.lastSeq() + 1, now, StreamKind.SYSTEM, null,
					"Output limit of " + limits.maxOutputBytes() + " bytes reached; further output is discarded.",
					false, true);
			ledger.add(notice, sizeOf(notice), failureDetector);
		}
		else {
			if (asBytes) {
				// no object per line: the window holds the bytes' place (issue 8, fourteenth round)
				ledger.add(now, stream, host, ascii, offset, textBytes, wrapped, eol, failureDetector);
			}
			else {
				ledger.add(new OutputLine(ledger.lastSeq() + 1, now, stream, host, masked, wrapped, eol, maskedBytes),
						bytes, failureDetector);
			}
		}
	}

	/** @return bytes a line accounts for: its UTF-8 text plus the line feed, if one followed */
	static int sizeOf(OutputLine line) {
		return OutputLedger.sizeOf(line);
	}

	/** @return lines not yet stored, oldest first (may be empty) */
	List<OutputLine> unstored() {
		lock.lock();
		try {
			return ledger.unstored();
		}
		finally {
			lock.unlock();
		}
	}

	/**
	 * @return lines not yet stored, oldest first (may be empty), read in place: the flusher's view, which makes no
	 * object per line ({@link LineWindow#pending} says why it may be read after the lock is released)
	 */
	LineSource pending() {
		lock.lock();
		try {
			return ledger.pending();
		}
		finally {
			lock.unlock();
		}
	}

	/** Records that every line up to {@code seq} is stored, and drops stored lines beyond the retention bounds. */
	void stored(long seq, long bytes, int lines) {
		lock.lock();
		try {
			ledger.stored(seq, bytes, lines, limits);
			drained.signalAll();
		}
		finally {
			lock.unlock();
		}
	}

	/**
	 * @param afterSeq position of the reader
	 * @param max most lines to return
	 * @return the lines after {@code afterSeq} held in memory, or empty when the reader is behind the memory window
	 * and must read the database first
	 */
	public Optional<List<OutputLine>> after(long afterSeq, int max) {
		lock.lock();
		try {
			return Optional.ofNullable(ledger.after(afterSeq, max));
		}
		finally {
			lock.unlock();
		}
	}

	/**
	 * The lines before {@code beforeSeq} still in memory, read under one lock with where memory begins: a flush that
	 * drops lines between two separate reads would otherwise send the caller to the database below the wrong line and
	 * leave a gap (found by reading, round 13's break helper).
	 * @param beforeSeq upper bound, exclusive
	 * @param max most lines, those nearest {@code beforeSeq}
	 * @return the lines (ascending, possibly none) and the sequence number below which lines are in the database
	 */
	public LinesBefore before(long beforeSeq, int max) {
		lock.lock();
		try {
			long first = ledger.firstInMemory();
			long from = Math.max(first, beforeSeq - max);
			List<OutputLine> lines = (beforeSeq > from) ? ledger.after(from - 1, (int) (beforeSeq - from)) : null;
			if (lines == null || lines.isEmpty()) {
				return new LinesBefore(List.of(), Math.min(beforeSeq, first));
			}
			return new LinesBefore(lines, lines.get(0).seq());
		}
		finally {
			lock.unlock();
		}
	}

	/**
	 * @param lines lines held in memory, ascending
	 * @param storedBelow sequence number (exclusive) below which the lines asked for are read from the database
	 */
	public record LinesBefore(List<OutputLine> lines, long storedBelow) {
	}

	/** @return sequence number of the first line still in memory; lines before it are in the database */
	public long firstInMemory() {
		lock.lock();
		try {
			return ledger.firstInMemory();
		}
		finally {
			lock.unlock();
		}
	}

	/**
	 * Waits until there is a line after {@code afterSeq}, the status changes from {@code knownStatus}, or the
	 * timeout passes.
	 * @return whether something changed
	 * @throws InterruptedException if the waiting thread is interrupted
	 */
	public boolean await(long afterSeq, RunStatus knownStatus, long timeoutMillis) throws InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
		lock.lock();
		try {
			while (ledger.lastSeq() <= afterSeq && status == knownStatus) {
				long remaining = deadline - System.nanoTime();
				if (remaining <= 0) {
					return false;
				}
				changed.awaitNanos(remaining);
			}
			return true;
		}
		finally {
			lock.unlock();
		}
	}

	/** Sets the run's status as viewers see it and wakes them. */
	public void status(RunStatus newStatus) {
		lock.lock();
		try {
			status = newStatus;
			changed.signalAll();
		}
		finally {
			lock.unlock();
		}
	}

	public RunStatus status() {
		return status;
	}

	/** No more lines will be appended. */
	void close() {
		lock.lock();
		try {
			closed = true;
		}
		finally {
			lock.unlock();
		}
	}

	public long lastSeq() {
		lock.lock();
		try {
			return ledger.lastSeq();
		}
		finally {
			lock.unlock();
		}
	}

	/** @return bytes of output kept (text plus line feeds) */
	public long totalBytes() {
		lock.lock();
		try {
			return ledger.totalBytes();
		}
		finally {
			lock.unlock();
		}
	}

	/** @return sequence number of the first line that looks like a failure, or {@code null} */
	public @Nullable Long firstFailureSeq() {
		lock.lock();
		try {
			long seq = ledger.firstFailureSeq();
			return (seq == 0) ? null : seq;
		}
		finally {
			lock.unlock();
		}
	}

	/** @return whether output was cut at the size limit */
	public boolean truncated() {
		lock.lock();
		try {
			return truncated;
		}
		finally {
			lock.unlock();
		}
	}

}
