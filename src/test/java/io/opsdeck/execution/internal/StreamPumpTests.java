package io.opsdeck.execution.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import io.opsdeck.execution.internal.output.LineSplitter;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class StreamPumpTests {

	record Line(String text, boolean wrapped, boolean eol) {
	}

	/** A stream that records how many bytes each read asked for, and answers each with at most {@code most}. */
	static final class RecordingStream extends InputStream {

		final List<Integer> asked = new ArrayList<>();

		private final InputStream in;

		private final int most;

		RecordingStream(byte[] bytes, int most) {
			this.in = new ByteArrayInputStream(bytes);
			this.most = most;
		}

		@Override
		public int read() throws IOException {
			return in.read();
		}

		@Override
		public int read(byte[] b, int off, int len) throws IOException {
			asked.add(len);
			return in.read(b, off, Math.min(len, most));
		}

	}

	private static byte[] logLines(int bytes) {
		StringBuilder text = new StringBuilder();
		for (int i = 0; text.length() < bytes; i++) {
			// lengths vary so that lines straddle every read boundary; one line is longer than the splitter's limit
			text.append("2026-12-06T13:30:00.").append(i % 1000).append("Z worker-").append(i % 16).append(" item=")
				.append("x".repeat(i % 97))
				.append((i == 5000) ? "y".repeat(70_000) : "")
				.append('\n');
		}
		text.append("no line feed at the end");
		return text.toString().getBytes(StandardCharsets.UTF_8);
	}

	private static List<Line> pumped(InputStream in) {
		List<Line> lines = new ArrayList<>();
		StreamPump.pump(in, new LineSplitter(64 * 1024, (text, wrapped, eol) -> lines.add(new Line(text, wrapped, eol))));
		return lines;
	}

	@Test
	void theReadBufferDoublesWhileReadsFillItUpToItsLimitAndTheLinesAreTheSame() {
		// issue 8, eleventh round: reads of up to 256 KiB instead of 32 KiB, so fewer reads and window adjustments
		byte[] input = logLines(3 * 1024 * 1024);
		List<Line> reference = pumped(new RecordingStream(input, 997));
		RecordingStream full = new RecordingStream(input, Integer.MAX_VALUE);
		assertThat(pumped(full)).isEqualTo(reference);
		assertThat(full.asked).startsWith(32 * 1024, 64 * 1024, 128 * 1024, 256 * 1024, 256 * 1024);
		assertThat(full.asked).allMatch(len -> len <= StreamPump.MAX_BUFFER_BYTES);
		assertThat(StreamPump.MAX_BUFFER_BYTES).isLessThan(512 * 1024);
		assertThat(reference).hasSizeGreaterThan(20_000);
		assertThat(reference.get(reference.size() - 1)).isEqualTo(new Line("no line feed at the end", false, false));
		assertThat(reference).anyMatch(Line::wrapped);
	}

	@Test
	void theReadBufferStaysSmallWhileReadsDoNotFillIt() {
		// a pipe or a quiet channel: a stream of a command's stderr per host must not hold 256 KiB each
		byte[] input = logLines(1024 * 1024);
		RecordingStream trickle = new RecordingStream(input, 4096);
		List<Line> lines = pumped(trickle);
		assertThat(lines).isEqualTo(pumped(new RecordingStream(input, 997)));
		assertThat(trickle.asked).containsOnly(StreamPump.BUFFER_BYTES);
	}

}
