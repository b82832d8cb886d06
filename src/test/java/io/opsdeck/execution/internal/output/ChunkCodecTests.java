package io.opsdeck.execution.internal.output;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class ChunkCodecTests {

	@Test
	void roundTripsEveryField() {
		List<OutputLine> lines = List.of(
				new OutputLine(41, 1_700_000_000_000L, StreamKind.STDOUT, "web-1", "hello \u001b[32mgreen\u001b[0m", false, true),
				new OutputLine(42, 1_700_000_000_005L, StreamKind.STDERR, "web-2", "\u00e9rror \ud83d\ude00", true, false),
				new OutputLine(43, 1_699_999_999_990L, StreamKind.SYSTEM, null, "", false, false),
				new OutputLine(44, 1_700_000_000_100L, StreamKind.STDOUT, "web-1", "back\r", false, true));
		assertThat(ChunkCodec.decode(41, ChunkCodec.encode(lines))).isEqualTo(lines);
	}

	@Test
	void compressesTypicalOutputWellBelowOneBytePerByte() {
		List<OutputLine> lines = new ArrayList<>();
		long text = 0;
		for (int i = 1; i <= 5000; i++) {
			String line = "TASK [common : install packages] ok: [web-" + (i % 10) + "] item=" + i;
			text += line.length() + 1;
			lines.add(new OutputLine(i, 1_700_000_000_000L + i, StreamKind.STDOUT, null, line, false, true));
		}
		byte[] chunk = ChunkCodec.encode(lines);
		assertThat((double) chunk.length / text).isLessThan(0.5);
		assertThat(ChunkCodec.decode(1, chunk)).isEqualTo(lines);
	}

	@Test
	void rejectsCorruptChunks() {
		byte[] chunk = ChunkCodec.encode(List.of(new OutputLine(1, 0, StreamKind.STDOUT, null, "x", false, true)));
		byte[] truncated = java.util.Arrays.copyOf(chunk, chunk.length / 2);
		assertThatIllegalStateException().isThrownBy(() -> ChunkCodec.decode(1, truncated));
	}

}
