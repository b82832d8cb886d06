package io.opsdeck.execution.internal.output;

import java.nio.charset.StandardCharsets;

import org.jspecify.annotations.Nullable;

/**
 * Turns what a {@link LineSplitter} emits for one stream of a run into lines of its {@link RunOutput}: holds back
 * the end of a wrapped fragment that could start a secret, and hands a read's whole lines over at once
 * ({@link RunOutput#appendLines}). Not thread-safe: one per splitter.
 */
final class RunOutputSink implements LineSplitter.Sink {

	private final RunOutput output;

	private final StreamKind stream;

	private final @Nullable String host;

	/** The end of the last wrapped fragment, held back because a secret may span the wrap. */
	private final StringBuilder held = new StringBuilder();

	RunOutputSink(RunOutput output, StreamKind stream, @Nullable String host) {
		this.output = output;
		this.stream = stream;
		this.host = host;
	}

	@Override
	public void line(String text, boolean wrapped, boolean eol) {
		line(text, -1, wrapped, eol);
	}

	@Override
	public void line(String text, int textBytes, boolean wrapped, boolean eol) {
		String whole = text;
		int wholeBytes = textBytes;
		if (!held.isEmpty()) {
			whole = held + text;
			wholeBytes = -1;
			held.setLength(0);
		}
		if (wrapped) {
			// a secret may span the wrap: keep the end that could start one for the next fragment
			int cut = output.safeCut(whole);
			if (cut < whole.length()) {
				held.append(whole, cut, whole.length());
				whole = whole.substring(0, cut);
				wholeBytes = -1;
			}
			if (whole.isEmpty()) {
				return;
			}
		}
		else if (whole.isEmpty() && !eol) {
			return;
		}
		output.append(stream, host, whole, null, 0, wholeBytes, wrapped, eol);
	}

	@Override
	public void line(byte[] block, int offset, int length, boolean ascii) {
		if (!ascii || !held.isEmpty()) {
			line(new String(block, offset, length, StandardCharsets.UTF_8), ascii ? length : -1, false, true);
			return;
		}
		output.append(stream, host, null, block, offset, length, false, true);
	}

	@Override
	public void lines(byte[] block, int[] offsets, int[] lengths, boolean[] ascii, int count) {
		int from = 0;
		if (!held.isEmpty()) {
			// held-back text of a wrap joins the first line (only the first: it empties what is held)
			line(block, offsets[0], lengths[0], ascii[0]);
			from = 1;
		}
		if (from < count) {
			output.appendLines(stream, host, block, offsets, lengths, ascii, from, count);
		}
	}

}
