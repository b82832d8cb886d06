package io.opsdeck.execution.internal;

import java.time.Instant;

import io.opsdeck.execution.internal.output.OutputLine;
import org.jspecify.annotations.Nullable;

/**
 * A line of run output as the API shows it (SSE {@code data}, {@code /lines}).
 *
 * @param seq sequence number, from 1
 * @param stream {@code stdout}, {@code stderr} or {@code system}
 * @param host the server for SSH runs, else {@code null}
 * @param time when Opsdeck read it
 * @param text the line without its line feed (ANSI colour codes kept)
 * @param wrapped cut at the line length limit; continues in the next line
 * @param eol a line feed followed it
 */
public record LineView(long seq, String stream, @Nullable String host, Instant time, String text, boolean wrapped,
		boolean eol) {

	public static LineView of(OutputLine line) {
		return new LineView(line.seq(), line.stream().value(), line.host(), Instant.ofEpochMilli(line.timeMillis()),
				line.text(), line.wrapped(), line.eol());
	}

}
