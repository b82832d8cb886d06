package io.opsdeck.execution.internal.output;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.Deflater;

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


	private static final List<OutputLine> MIXED = List.of(
			new OutputLine(41, 1_700_000_000_000L, StreamKind.STDOUT, "web-1", "hello \u001b[32mgreen\u001b[0m", false, true),
			new OutputLine(42, 1_700_000_000_005L, StreamKind.STDERR, "web-2", "\u00e9rror \ud83d\ude00 wrapp", true, false),
			new OutputLine(43, 1_700_000_000_005L, StreamKind.STDERR, "web-2", "ed on", false, true),
			new OutputLine(44, 1_699_999_999_990L, StreamKind.SYSTEM, null, "Opsdeck: web-2 exited 0", false, true),
			new OutputLine(45, 1_700_000_000_100L, StreamKind.STDOUT, "web-1", "", false, true),
			new OutputLine(46, 1_700_000_000_100L, StreamKind.STDOUT, "web-1", "progress 50%\rprogress 100%", false,
					false));

	@Test
	void writesANewChunkInFormat2AndStillReadsFormat1() {
		byte[] v2 = ChunkCodec.encode(MIXED);
		assertThat(v2[0]).isEqualTo((byte) 0x02);
		byte[] v1 = encodeV1(MIXED);
		assertThat(v1[0]).isEqualTo((byte) 0x78);
		assertThat(ChunkCodec.decode(41, v1)).isEqualTo(MIXED);
		assertThat(ChunkCodec.decode(41, v2)).isEqualTo(MIXED);
	}

	@Test
	void plainTextOfAChunkIsTheLinesRenderedOneByOneInBothFormats() throws IOException {
		for (byte[] chunk : List.of(ChunkCodec.encode(MIXED), encodeV1(MIXED))) {
			for (boolean prefix : List.of(false, true)) {
				for (long after = 0; after <= 46; after++) {
					ByteArrayOutputStream out = new ByteArrayOutputStream();
					long last = ChunkCodec.writeText(41, chunk, after, prefix, out);
					assertThat(out.toString(StandardCharsets.UTF_8)).as("prefix %s after %d", prefix, after)
						.isEqualTo(rendered(MIXED, after, prefix));
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
		ChunkCodec.writeText(1, ChunkCodec.encode(lines), 0, false, out);
		assertThat(out.toByteArray()).isEqualTo(bytes);
		ByteArrayOutputStream prefixed = new ByteArrayOutputStream();
		ChunkCodec.writeText(1, ChunkCodec.encode(lines), 0, true, prefixed);
		assertThat(prefixed.toString(StandardCharsets.UTF_8)).isEqualTo(rendered(lines, 0, true))
			.startsWith("web-1 | one\nweb-1 | two");
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
		ChunkCodec.writeText(1, ChunkCodec.encode(run.unstored()), 0, false, out);
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
			List<OutputLine> chunk = new ArrayList<>();
			for (int i = 0; i < size; i++, seq++) {
				String host = (seq % 3 == 0) ? null : "web-" + (seq % 2);
				chunk.add(new OutputLine(seq, 1_700_000_000_000L + seq, StreamKind.STDOUT, host,
						"line " + seq + " " + "x".repeat((int) (seq % 50)), false, seq % 7 != 0));
			}
			chunks.add(chunk);
			all.addAll(chunk);
		}
		for (boolean prefix : List.of(false, true)) {
			for (long after : new long[] { 0, 1, 2999, 3000, 3001, 3040, 3041, 3500, 3741, 3746 }) {
				ChunkCodec.TextReplay replay = new ChunkCodec.TextReplay();
				ByteArrayOutputStream out = new ByteArrayOutputStream();
				long last = after;
				for (int c = 0; c < chunks.size(); c++) {
					List<OutputLine> chunk = chunks.get(c);
					byte[] bytes = (c == 2) ? encodeV1(chunk) : ChunkCodec.encode(chunk);
					last = Math.max(last, replay.write(chunk.get(0).seq(), bytes, last, prefix, out));
				}
				assertThat(out.toString(StandardCharsets.UTF_8)).as("prefix %s after %d", prefix, after)
					.isEqualTo(rendered(all, after, prefix));
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
		ChunkCodec.TextReplay replay = new ChunkCodec.TextReplay();
		replay.write(1, ChunkCodec.encode(big), 0, false, new ByteArrayOutputStream());
		byte[] small = ChunkCodec.encode(List.of(new OutputLine(101, 0, StreamKind.STDOUT, null, "x", false, true)));
		byte[] truncated = java.util.Arrays.copyOf(small, small.length - 2);
		assertThatIllegalStateException()
			.isThrownBy(() -> replay.write(101, truncated, 100, false, new ByteArrayOutputStream()));
	}

	@Test
	void rejectsChunksOfAnUnknownVersion() {
		byte[] raw = { 9, 1, 0, 0 };
		Deflater deflater = new Deflater();
		deflater.setInput(raw);
		deflater.finish();
		byte[] compressed = new byte[64];
		int n = deflater.deflate(compressed);
		deflater.end();
		assertThatIllegalStateException().isThrownBy(() -> ChunkCodec.decode(1, java.util.Arrays.copyOf(compressed, n)))
			.withMessageContaining("version 9");
	}

	/** What the log replay wrote before format 2: line by line. */
	private static String rendered(List<OutputLine> lines, long afterSeq, boolean prefixHosts) {
		StringBuilder text = new StringBuilder();
		for (OutputLine line : lines) {
			if (line.seq() > afterSeq) {
				if (prefixHosts && line.host() != null) {
					text.append(line.host()).append(" | ");
				}
				text.append(line.original());
			}
		}
		return text.toString();
	}

	/** The format 1 encoder as it was before issue 8, to prove chunks stored by it still read. */
	private static byte[] encodeV1(List<OutputLine> lines) {
		Map<String, Integer> hosts = new LinkedHashMap<>();
		for (OutputLine line : lines) {
			if (line.host() != null) {
				hosts.putIfAbsent(line.host(), hosts.size() + 1);
			}
		}
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		varint(out, 1);
		varint(out, lines.size());
		long base = lines.get(0).timeMillis();
		varint(out, base);
		varint(out, hosts.size());
		for (String host : hosts.keySet()) {
			bytes(out, host.getBytes(StandardCharsets.UTF_8));
		}
		long previous = base;
		for (OutputLine line : lines) {
			out.write(line.stream().ordinal() | (line.wrapped() ? 4 : 0) | (line.eol() ? 0 : 8));
			long delta = line.timeMillis() - previous;
			varint(out, (delta << 1) ^ (delta >> 63));
			previous = line.timeMillis();
			varint(out, (line.host() != null) ? hosts.get(line.host()) : 0);
			bytes(out, line.text().getBytes(StandardCharsets.UTF_8));
		}
		byte[] raw = out.toByteArray();
		Deflater deflater = new Deflater(Deflater.BEST_SPEED);
		deflater.setInput(raw);
		deflater.finish();
		ByteArrayOutputStream compressed = new ByteArrayOutputStream();
		byte[] buffer = new byte[4096];
		while (!deflater.finished()) {
			compressed.write(buffer, 0, deflater.deflate(buffer));
		}
		deflater.end();
		return compressed.toByteArray();
	}

	private static void varint(ByteArrayOutputStream out, long value) {
		while ((value & ~0x7FL) != 0) {
			out.write((int) ((value & 0x7F) | 0x80));
			value >>>= 7;
		}
		out.write((int) value);
	}

	private static void bytes(ByteArrayOutputStream out, byte[] bytes) {
		varint(out, bytes.length);
		out.write(bytes, 0, bytes.length);
	}

	@Test
	void roundTripsLargeChunksOneAfterAnotherThroughTheReusedWorkingArrays() {
		// a big chunk (grows the working arrays), then a small one and a big one again: nothing of an earlier
		// chunk may leak into a later one
		List<OutputLine> big = new ArrayList<>();
		for (int i = 1; i <= 6000; i++) {
			String text = (i % 7 == 0) ? "\u00e9t\u00e9 \ud83d\ude00 " + "y".repeat(i % 300) : "line " + i + " " + "x".repeat(i % 400);
			big.add(new OutputLine(i, 1_700_000_000_000L + i * 3L, StreamKind.values()[i % 3], "web-" + (i % 5),
					text, i % 11 == 0, i % 13 != 0));
		}
		List<OutputLine> small = List.of(new OutputLine(1, 1_700_000_000_000L, StreamKind.STDOUT, null, "tiny", false,
				true));
		for (List<OutputLine> lines : List.of(big, small, big, small)) {
			byte[] chunk = ChunkCodec.encode(lines);
			assertThat(ChunkCodec.decode(lines.get(0).seq(), chunk)).isEqualTo(lines);
		}
		assertThat(ChunkCodec.encode(big)).isEqualTo(ChunkCodec.encode(big));
	}

	@Test
	void linesHeldAsBytesEncodeExactlyLikeTheirText() {
		byte[] block = "first\nsecond line\r\n\nlast".getBytes(StandardCharsets.US_ASCII);
		List<OutputLine> asBytes = List.of(
				OutputLine.ofUtf8(7, 1_700_000_000_000L, StreamKind.STDOUT, "web-1", block, 0, 5, false, true),
				OutputLine.ofUtf8(8, 1_700_000_000_001L, StreamKind.STDOUT, "web-1", block, 6, 12, false, true),
				OutputLine.ofUtf8(9, 1_700_000_000_001L, StreamKind.STDERR, null, block, 19, 0, false, true),
				OutputLine.ofUtf8(10, 1_700_000_000_002L, StreamKind.STDOUT, "web-1", block, 20, 4, false, false));
		List<OutputLine> asText = asBytes.stream()
			.map(line -> new OutputLine(line.seq(), line.timeMillis(), line.stream(), line.host(), line.text(),
					line.wrapped(), line.eol()))
			.toList();
		assertThat(asBytes).extracting(OutputLine::text).containsExactly("first", "second line\r", "", "last");
		assertThat(asBytes).isEqualTo(asText);
		assertThat(ChunkCodec.encode(asBytes)).isEqualTo(ChunkCodec.encode(asText));
		assertThat(ChunkCodec.decode(7, ChunkCodec.encode(asBytes))).isEqualTo(asText);
	}

}
