package io.opsdeck.execution.internal.output;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/** The plain-text replay of chunks ({@link TextReplay}): every line once, in order, as it appeared. */
class TextReplayTests {

	@Test
	void plainTextOfAChunkIsTheLinesRenderedOneByOneInBothFormats() throws IOException {
		List<OutputLine> mixed = ChunkCodecTests.MIXED;
		for (byte[] chunk : List.of(ChunkCodec.encode(mixed), OutputSamples.encodeV1(mixed))) {
			for (boolean prefix : List.of(false, true)) {
				for (long after = 0; after <= 46; after++) {
					ByteArrayOutputStream out = new ByteArrayOutputStream();
					long last = new TextReplay().write(41, chunk, after, prefix, out);
					assertThat(out.toString(StandardCharsets.UTF_8)).as("prefix %s after %d", prefix, after)
						.isEqualTo(OutputSamples.rendered(mixed, after, prefix));
					assertThat(last).isEqualTo(Math.max(after, 46));
				}
			}
		}
	}

	@Test
	void plainTextOfASingleHostChunkIsTheOutputAsItWasRead() throws IOException {
		String output = "one\ntwo \u00e9\n\nno line feed at the end";
		RunOutput run = new RunOutput(UUID.randomUUID(), new OutputLimits(16, 1 << 20, 5000, 8 << 20, 2 << 20, 20_000,
				1 << 30), SecretMasker.none(), line -> false, () -> {
				}, Clock.systemUTC());
		LineSplitter splitter = run.splitter(StreamKind.STDOUT, "web-1");
		byte[] bytes = (output + "\n" + "x".repeat(40) + "\n" + output).getBytes(StandardCharsets.UTF_8);
		splitter.write(bytes, 0, bytes.length);
		splitter.finish();
		List<OutputLine> lines = run.unstored();
		assertThat(lines).anyMatch(OutputLine::wrapped);
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		new TextReplay().write(1, ChunkCodec.encode(lines), 0, false, out);
		assertThat(out.toByteArray()).isEqualTo(bytes);
		ByteArrayOutputStream prefixed = new ByteArrayOutputStream();
		new TextReplay().write(1, ChunkCodec.encode(lines), 0, true, prefixed);
		assertThat(prefixed.toString(StandardCharsets.UTF_8)).isEqualTo(OutputSamples.rendered(lines, 0, true))
			.startsWith("web-1 | one\nweb-1 | two");
	}

	@Test
	void aChunkStoredByEarlierCodeReplaysByteForByteAsBeforeAndAsItsReEncodedCopy() throws IOException {
		byte[] stored = ChunkCodecTests.STORED_FORMAT_2;
		byte[] again = ChunkCodec.encode(ChunkCodec.decode(41, stored));
		for (byte[] chunk : List.of(stored, again)) {
			ByteArrayOutputStream prefixed = new ByteArrayOutputStream();
			assertThat(new TextReplay().write(41, chunk, 0, true, prefixed)).isEqualTo(48);
			assertThat(prefixed.toByteArray()).isEqualTo(ChunkCodecTests.STORED_FORMAT_2_PREFIXED_TEXT);
			ByteArrayOutputStream plain = new ByteArrayOutputStream();
			new TextReplay().write(41, chunk, 0, false, plain);
			assertThat(plain.toString(StandardCharsets.UTF_8))
				.isEqualTo(OutputSamples.rendered(ChunkCodec.decode(41, stored), 0, false))
				.contains("password=******** token ********\nbad \ufffd\ufffd bytes, lone ? surrogate\n")
				.endsWith("\u65e5\u672c\u8a9e progress 50%\rprogress 100%");
		}
	}

	@Test
	void plainTextKeepsSecretsMaskedAcrossWrappedLines() throws IOException {
		RunOutput run = new RunOutput(UUID.randomUUID(), new OutputLimits(16, 1 << 20, 5000, 8 << 20, 2 << 20, 20_000,
				1 << 30), SecretMasker.of(List.of("s3cr3t-value")), line -> false, () -> {
				}, Clock.systemUTC());
		LineSplitter splitter = run.splitter(StreamKind.STDOUT, null);
		byte[] bytes = "password=s3cr3t-value and again 0123s3cr3t-value\n".getBytes(StandardCharsets.UTF_8);
		splitter.write(bytes, 0, bytes.length);
		splitter.finish();
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		new TextReplay().write(1, ChunkCodec.encode(run.unstored()), 0, false, out);
		assertThat(out.toString(StandardCharsets.UTF_8)).doesNotContain("s3cr3t")
			.isEqualTo("password=" + SecretMasker.MASK + " and again 0123" + SecretMasker.MASK + "\n");
	}

	@Test
	void oneReplayOverManyChunksWritesEveryLineOnceInOrderWhateverTheChunkSizes() throws IOException {
		// a big chunk first, then smaller ones: the replay's buffer is reused, and a smaller chunk must not write the
		// tail of the bigger one that is still in it; a format 1 chunk in the middle, as in a log stored across the
		// format change
		List<List<OutputLine>> chunks = new ArrayList<>();
		List<OutputLine> all = new ArrayList<>();
		long seq = 1;
		for (int size : new int[] { 3000, 40, 1, 700, 5 }) {
			List<OutputLine> chunk = OutputSamples.lines(seq, seq + size - 1);
			seq += size;
			chunks.add(chunk);
			all.addAll(chunk);
		}
		for (boolean prefix : List.of(false, true)) {
			for (long after : new long[] { 0, 1, 2999, 3000, 3001, 3040, 3041, 3500, 3741, 3746 }) {
				TextReplay replay = new TextReplay();
				ByteArrayOutputStream out = new ByteArrayOutputStream();
				long last = after;
				for (int c = 0; c < chunks.size(); c++) {
					List<OutputLine> chunk = chunks.get(c);
					byte[] bytes = (c == 2) ? OutputSamples.encodeV1(chunk) : ChunkCodec.encode(chunk);
					last = Math.max(last, replay.write(chunk.get(0).seq(), bytes, last, prefix, out));
				}
				assertThat(out.toString(StandardCharsets.UTF_8)).as("prefix %s after %d", prefix, after)
					.isEqualTo(OutputSamples.rendered(all, after, prefix));
				assertThat(last).isEqualTo(Math.max(after, seq - 1));
			}
		}
	}

	@Test
	void aReplayRefusesATruncatedChunkAfterABiggerOne() throws IOException {
		List<OutputLine> big = new ArrayList<>();
		for (int i = 1; i <= 100; i++) {
			big.add(new OutputLine(i, 0, StreamKind.STDOUT, null, "line " + i, false, true));
		}
		TextReplay replay = new TextReplay();
		replay.write(1, ChunkCodec.encode(big), 0, false, new ByteArrayOutputStream());
		byte[] small = ChunkCodec.encode(List.of(new OutputLine(101, 0, StreamKind.STDOUT, null, "x", false, true)));
		byte[] truncated = java.util.Arrays.copyOf(small, small.length - 2);
		assertThatIllegalStateException()
			.isThrownBy(() -> replay.write(101, truncated, 100, false, new ByteArrayOutputStream()));
	}

}
