package io.opsdeck.execution.internal.output;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * One line of run output as stored and streamed. A value: equal when all of {@link #seq}, {@link #timeMillis},
 * {@link #stream}, {@link #host}, {@link #text}, {@link #wrapped}, {@link #eol} and {@link #textBytes} are.
 * <p>
 * A line read from a run may hold its text as UTF-8 bytes in a block it shares with the other lines of the same read
 * ({@link #ofUtf8}): the line path then allocates no {@code String} per line, and the chunk encoder copies the bytes
 * as they are. {@link #text()} decodes them the first time it is asked (a live viewer, a failure detector) and keeps
 * the result. Issue 8 profiled the per-line {@code String} and its re-encoding for the chunk as two thirds of the
 * allocation of a 100 MB SSH run.
 */
public final class OutputLine {

	private final long seq;

	private final long timeMillis;

	private final StreamKind stream;

	private final @Nullable String host;

	private @Nullable String text;

	private final byte @Nullable [] utf8;

	private final int utf8Offset;

	private final boolean wrapped;

	private final boolean eol;

	private final int textBytes;

	/**
	 * @param seq position in the run's output, starting at 1, without gaps; the SSE event id
	 * @param timeMillis when Opsdeck read the line, epoch milliseconds
	 * @param stream where it came from
	 * @param host the server it came from for SSH runs, {@code null} for Ansible runs
	 * @param text the line without its line feed, invalid UTF-8 replaced by U+FFFD, secrets masked; a carriage return
	 * that was in the output stays in the text
	 * @param wrapped the line was longer than the limit and continues in the next line ({@code seq + 1}); no line feed
	 * separates them in the original output
	 * @param eol a line feed followed the line in the original output; {@code false} for a wrapped fragment and for
	 * the last line of a stream that did not end in a line feed
	 * @param textBytes the UTF-8 size of {@code text} in bytes (it is needed several times per line: pending and
	 * retained bytes, chunk batches, the stored byte count; issue 8 profiled recomputing it as the flusher's main cost)
	 */
	public OutputLine(long seq, long timeMillis, StreamKind stream, @Nullable String host, String text, boolean wrapped,
			boolean eol, int textBytes) {
		this(seq, timeMillis, stream, host, Objects.requireNonNull(text), null, 0, wrapped, eol, textBytes);
	}

	/** A line whose UTF-8 size is computed from its text (see the eight-argument constructor). */
	public OutputLine(long seq, long timeMillis, StreamKind stream, @Nullable String host, String text,
			boolean wrapped, boolean eol) {
		this(seq, timeMillis, stream, host, text, wrapped, eol, utf8Length(text));
	}

	private OutputLine(long seq, long timeMillis, StreamKind stream, @Nullable String host, @Nullable String text,
			byte @Nullable [] utf8, int utf8Offset, boolean wrapped, boolean eol, int textBytes) {
		this.seq = seq;
		this.timeMillis = timeMillis;
		this.stream = Objects.requireNonNull(stream);
		this.host = host;
		this.text = text;
		this.utf8 = utf8;
		this.utf8Offset = utf8Offset;
		this.wrapped = wrapped;
		this.eol = eol;
		this.textBytes = textBytes;
	}

	/**
	 * A line whose text is {@code utf8[offset, offset + length)}, already masked. The caller guarantees the bytes are
	 * valid UTF-8 (the line path passes only ASCII lines) and never changes them afterwards.
	 */
	static OutputLine ofUtf8(long seq, long timeMillis, StreamKind stream, @Nullable String host, byte[] utf8,
			int offset, int length, boolean wrapped, boolean eol) {
		return new OutputLine(seq, timeMillis, stream, host, null, utf8, offset, wrapped, eol, length);
	}

	/** @return position in the run's output, from 1, without gaps; the SSE event id */
	public long seq() {
		return seq;
	}

	/** @return when Opsdeck read the line, epoch milliseconds */
	public long timeMillis() {
		return timeMillis;
	}

	/** @return where the line came from */
	public StreamKind stream() {
		return stream;
	}

	/** @return the server the line came from for SSH runs, {@code null} for Ansible runs */
	public @Nullable String host() {
		return host;
	}

	/** @return the line without its line feed (see the constructor); decoded once from UTF-8 when held as bytes */
	public String text() {
		String decoded = text;
		if (decoded == null) {
			// a race decodes twice at worst: String is immutable and safely published through its final fields
			decoded = new String(utf8, utf8Offset, textBytes, StandardCharsets.UTF_8);
			text = decoded;
		}
		return decoded;
	}

	/** @return whether the line continues in the next one (cut at the length limit, no line feed between) */
	public boolean wrapped() {
		return wrapped;
	}

	/** @return whether a line feed followed the line in the original output */
	public boolean eol() {
		return eol;
	}

	/** @return the UTF-8 size of {@link #text()} in bytes */
	public int textBytes() {
		return textBytes;
	}

	/** @return this line as it appeared in the output: the text, then a line feed when one followed */
	public String original() {
		return eol ? text() + "\n" : text();
	}

	/** @return whether the line holds its text as UTF-8 bytes ({@link #ofUtf8}), read by {@link LineSource#of} */
	boolean hasUtf8() {
		return utf8 != null;
	}

	/** @return the array holding the text's UTF-8 bytes when {@link #hasUtf8()} (shared with the read's other lines) */
	byte[] utf8Block() {
		if (utf8 == null) {
			throw new IllegalStateException("line " + seq + " holds no UTF-8 bytes");
		}
		return utf8;
	}

	/** @return where the text starts in {@link #utf8Block()} */
	int utf8Offset() {
		return utf8Offset;
	}

	@Override
	public boolean equals(Object other) {
		return (other instanceof OutputLine line) && seq == line.seq && timeMillis == line.timeMillis
				&& stream == line.stream && Objects.equals(host, line.host) && wrapped == line.wrapped
				&& eol == line.eol && textBytes == line.textBytes && text().equals(line.text());
	}

	@Override
	public int hashCode() {
		return Objects.hash(seq, timeMillis, stream, host, text(), wrapped, eol, textBytes);
	}

	@Override
	public String toString() {
		return "OutputLine[seq=" + seq + ", timeMillis=" + timeMillis + ", stream=" + stream + ", host=" + host
				+ ", text=" + text() + ", wrapped=" + wrapped + ", eol=" + eol + ", textBytes=" + textBytes + "]";
	}

	static int utf8Length(String text) {
		int length = text.length();
		int bytes = length;
		for (int i = 0; i < length; i++) {
			char c = text.charAt(i);
			if (c >= 0x80) {
				if (c < 0x800) {
					bytes += 1;
				}
				else if (Character.isHighSurrogate(c)) {
					bytes += 2;
					i++;
				}
				else {
					bytes += 2;
				}
			}
		}
		return bytes;
	}

	static byte[] utf8(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

}
