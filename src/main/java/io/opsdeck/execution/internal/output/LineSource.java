package io.opsdeck.execution.internal.output;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * Consecutive lines of one run read by index, field by field, without an {@link OutputLine} per line: what the
 * chunk encoder and the flusher read. The run's window of lines ({@link LineWindow#pending}) is one, a list of lines
 * ({@link #of}) another. Index {@code i} is line {@code seq(0) + i}: no gaps.
 * <p>
 * Issue 8 (fourteenth round): an {@code OutputLine} per line was half of a 100 MB SSH run's allocation samples;
 * lines read as bytes now live as columns of the window, and become objects only for those who read objects
 * (viewers, {@link RunOutput#after}, a failure detector).
 */
interface LineSource {

	/** @return how many lines */
	int size();

	/** @return sequence number of line {@code i}: {@code seq(0) + i} */
	long seq(int i);

	/** @return when Opsdeck read line {@code i}, epoch milliseconds */
	long timeMillis(int i);

	StreamKind stream(int i);

	@Nullable String host(int i);

	boolean wrapped(int i);

	boolean eol(int i);

	/** @return the UTF-8 size of line {@code i}'s text, bytes */
	int textBytes(int i);

	/**
	 * @return the array holding line {@code i}'s text as UTF-8 at {@link #utf8Offset}, shared with the other lines of
	 * its read and never changed, or {@code null} when the line holds a {@code String} ({@link #text})
	 */
	byte @Nullable [] utf8Block(int i);

	/** @return where line {@code i}'s text starts in {@link #utf8Block} */
	int utf8Offset(int i);

	/** @return line {@code i}'s text (decoded when it is held as bytes) */
	String text(int i);

	/** @return bytes line {@code i} accounts for: its UTF-8 text plus the line feed, if one followed */
	default int sizeOf(int i) {
		return textBytes(i) + (eol(i) ? 1 : 0);
	}

	/** @return the lines as a source (not copied) */
	static LineSource of(List<OutputLine> lines) {
		return new LineSource() {

			@Override
			public int size() {
				return lines.size();
			}

			@Override
			public long seq(int i) {
				return lines.get(i).seq();
			}

			@Override
			public long timeMillis(int i) {
				return lines.get(i).timeMillis();
			}

			@Override
			public StreamKind stream(int i) {
				return lines.get(i).stream();
			}

			@Override
			public @Nullable String host(int i) {
				return lines.get(i).host();
			}

			@Override
			public boolean wrapped(int i) {
				return lines.get(i).wrapped();
			}

			@Override
			public boolean eol(int i) {
				return lines.get(i).eol();
			}

			@Override
			public int textBytes(int i) {
				return lines.get(i).textBytes();
			}

			@Override
			public byte @Nullable [] utf8Block(int i) {
				OutputLine line = lines.get(i);
				return line.hasUtf8() ? line.utf8Block() : null;
			}

			@Override
			public int utf8Offset(int i) {
				return lines.get(i).utf8Offset();
			}

			@Override
			public String text(int i) {
				return lines.get(i).text();
			}

		};
	}

}
