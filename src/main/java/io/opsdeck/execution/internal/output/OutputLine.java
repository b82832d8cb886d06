package io.opsdeck.execution.internal.output;

import java.nio.charset.StandardCharsets;

import org.jspecify.annotations.Nullable;

/**
 * One line of run output as stored and streamed.
 *
 * @param seq position in the run's output, starting at 1, without gaps; the SSE event id
 * @param timeMillis when Opsdeck read the line, epoch milliseconds
 * @param stream where it came from
 * @param host the server it came from for SSH runs, {@code null} for Ansible runs
 * @param text the line without its line feed, invalid UTF-8 replaced by U+FFFD, secrets masked; a carriage return
 * that was in the output stays in the text
 * @param wrapped the line was longer than the limit and continues in the next line ({@code seq + 1}); no line feed
 * separates them in the original output
 * @param eol a line feed followed the line in the original output; {@code false} for a wrapped fragment and for the
 * last line of a stream that did not end in a line feed
 * @param textBytes the UTF-8 size of {@code text} in bytes; the seven-argument constructor computes it, the line path
 * passes what it already knows (it is needed several times per line: pending and retained bytes, chunk batches, the
 * stored byte count; issue 8 profiled recomputing it as the flusher's main cost)
 */
public record OutputLine(long seq, long timeMillis, StreamKind stream, @Nullable String host, String text,
		boolean wrapped, boolean eol, int textBytes) {

	/** A line whose UTF-8 size is computed from its text. */
	public OutputLine(long seq, long timeMillis, StreamKind stream, @Nullable String host, String text,
			boolean wrapped, boolean eol) {
		this(seq, timeMillis, stream, host, text, wrapped, eol, utf8Length(text));
	}

	/** @return this line as it appeared in the output: the text, then a line feed when one followed */
	public String original() {
		return eol ? text + "\n" : text;
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
