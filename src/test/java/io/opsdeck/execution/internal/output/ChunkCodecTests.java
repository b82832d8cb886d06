package io.opsdeck.execution.internal.output;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
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
	void aHeldChunkHasExactlyTheBytesOfTheChunkInAReusedArray() {
		// issue 8, eleventh round: the store streams a chunk from the encoder's pooled array, so a small chunk after
		// a large one lies in an array that still holds the large one's bytes behind it
		List<OutputLine> large = new ArrayList<>();
		for (int i = 1; i <= 9000; i++) {
			large.add(new OutputLine(i, 1_700_000_000_000L + i, StreamKind.STDOUT, "web-1",
					"2026-12-06T13:30:00Z INFO request=" + Long.toHexString(i * 0x9E3779B97F4A7C15L) + " took=" + i + "ms",
					false, true));
		}
		List<OutputLine> small = List.of(new OutputLine(9001, 1_700_000_009_001L, StreamKind.STDERR, "web-1", "done",
				false, false));
		for (List<OutputLine> lines : List.of(large, small, large, small)) {
			byte[] expected = ChunkCodec.encode(lines);
			byte[] got;
			int capacity;
			try (ChunkEncoder.Encoded chunk = ChunkEncoder.encodeHeld(lines)) {
				got = java.util.Arrays.copyOf(chunk.bytes(), chunk.length());
				capacity = chunk.bytes().length;
			}
			assertThat(got).isEqualTo(expected);
			assertThat(ChunkCodec.decode(lines.get(0).seq(), got)).isEqualTo(lines);
			assertThat(capacity).isGreaterThanOrEqualTo(got.length);
		}
	}

	@Test
	void rejectsCorruptChunks() {
		byte[] chunk = ChunkCodec.encode(List.of(new OutputLine(1, 0, StreamKind.STDOUT, null, "x", false, true)));
		byte[] truncated = java.util.Arrays.copyOf(chunk, chunk.length / 2);
		assertThatIllegalStateException().isThrownBy(() -> ChunkCodec.decode(1, truncated));
	}


	static final List<OutputLine> MIXED = List.of(
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
		byte[] v1 = OutputSamples.encodeV1(MIXED);
		assertThat(v1[0]).isEqualTo((byte) 0x78);
		assertThat(ChunkCodec.decode(41, v1)).isEqualTo(MIXED);
		assertThat(ChunkCodec.decode(41, v2)).isEqualTo(MIXED);
	}

	/**
	 * A format 2 chunk exactly as ChunkCodec stored it at commit 82b5fc4: non-ASCII text, a wrapped line,
	 * a masked secret, decoding's U+FFFD for invalid UTF-8, an unpaired surrogate (stored as {@code ?}), a line
	 * without a line feed.
	 */
	static final byte[] STORED_FORMAT_2 = java.util.HexFormat.of()
		.parseHex("02e80128b52ffd20e8dd0600c40c020880d095ffbc3103057765622d31320464622d31000001140d0a02110100020502"
			+ "1d001700dc01010000000120000200220802032468656c6c6f201b5b33326d677265656e1b5b306d0ac3a972726f7220"
			+ "f09f98802077726170706564206f6e0a4f70736465636b3a207765622d322065786974656420300a0a70617373776f72"
			+ "643d2a20746f6b656e202a0a62616420efbfbdefbfbd2062797465732c206c6f6e65203f20737572726f676174650ae6"
			+ "97a5e69cace8aa9e2070726f6772657373203530250d3130302504000bb34090d9c6e599b6d401");

	/** What a log replay with {@code host | } prefixes wrote for {@link #STORED_FORMAT_2} at 82b5fc4. */
	static final byte[] STORED_FORMAT_2_PREFIXED_TEXT = java.util.HexFormat.of()
		.parseHex("7765622d31207c2068656c6c6f201b5b33326d677265656e1b5b306d0a7765622d32207c20c3a972726f7220f09f9880"
			+ "2077726170707765622d32207c206564206f6e0a4f70736465636b3a207765622d322065786974656420300a7765622d"
			+ "31207c200a7765622d31207c2070617373776f72643d2a2a2a2a2a2a2a2a20746f6b656e202a2a2a2a2a2a2a2a0a6261"
			+ "6420efbfbdefbfbd2062797465732c206c6f6e65203f20737572726f676174650a64622d31207c20e697a5e69cace8aa"
			+ "9e2070726f6772657373203530250d70726f67726573732031303025");

	@Test
	void aChunkStoredByEarlierCodeStillDecodesAndReEncodesToTheSameLines() {
		List<OutputLine> lines = ChunkCodec.decode(41, STORED_FORMAT_2);
		assertThat(lines).hasSize(8);
		assertThat(lines).extracting(OutputLine::text)
			.contains("\u00e9rror \ud83d\ude00 wrapp", "password=******** token ********",
					"bad \ufffd\ufffd bytes, lone ? surrogate");
		assertThat(ChunkCodec.decode(41, ChunkCodec.encode(lines))).isEqualTo(lines);
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
	void roundTripsChunksOfUpToTenThousandLinesWhoseSizesVaryFromChunkToChunk() {
		// chunks bound by bytes (issue 8, tenth round): each has another line count, so the working arrays (grown in
		// 256 KiB steps) are sometimes large enough and sometimes grow; every chunk must still round-trip exactly
		long seq = 1;
		for (int count : new int[] { 9_000, 9_700, 10_000, 300, 9_999 }) {
			List<OutputLine> lines = new ArrayList<>();
			for (int i = 0; i < count; i++, seq++) {
				lines.add(new OutputLine(seq, 1_700_000_000_000L + seq, StreamKind.STDOUT, "web-1",
						"line " + seq + " " + "z".repeat((int) (seq % 230)), false, true));
			}
			assertThat(ChunkCodec.decode(lines.get(0).seq(), ChunkCodec.encode(lines))).isEqualTo(lines);
		}
	}

	@Test
	void workingArraysGrowInWholeStepsOf256KiB() {
		assertThat(ChunkEncoder.scratchBytes(1)).isEqualTo(256 * 1024);
		assertThat(ChunkEncoder.scratchBytes(256 * 1024)).isEqualTo(256 * 1024);
		assertThat(ChunkEncoder.scratchBytes(256 * 1024 + 1)).isEqualTo(512 * 1024);
		assertThat(ChunkEncoder.scratchBytes(Integer.MAX_VALUE - 100)).isLessThanOrEqualTo(Integer.MAX_VALUE - 8)
			.isGreaterThanOrEqualTo(Integer.MAX_VALUE - 100);
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

	@Test
	void linesOfSeveralReadsHeldAsBytesEncodeExactlyLikeTheirText() {
		// consecutive lines of one read are copied as one span (issue 8, seventh round): spans must end at a line
		// that is not the next one in its block, at another block, and at a line held as text
		byte[] one = "a1\na2\na3\na4\n".getBytes(StandardCharsets.US_ASCII);
		byte[] two = "b1\nb2\n".getBytes(StandardCharsets.US_ASCII);
		long t = 1_700_000_000_000L;
		List<OutputLine> asBytes = List.of(OutputLine.ofUtf8(1, t, StreamKind.STDOUT, "h", one, 0, 2, false, true),
				OutputLine.ofUtf8(2, t, StreamKind.STDOUT, "h", one, 3, 2, false, true),
				OutputLine.ofUtf8(3, t, StreamKind.STDOUT, "h", one, 9, 2, false, true),
				OutputLine.ofUtf8(4, t + 1, StreamKind.STDERR, "h", two, 0, 2, false, true),
				new OutputLine(5, t + 1, StreamKind.STDOUT, "h", "text", false, true),
				OutputLine.ofUtf8(6, t + 2, StreamKind.STDOUT, "h", two, 3, 2, false, true),
				OutputLine.ofUtf8(7, t + 2, StreamKind.STDOUT, "h", one, 6, 2, false, true),
				OutputLine.ofUtf8(8, t + 2, StreamKind.STDOUT, "h", one, 9, 2, true, false));
		List<OutputLine> asText = asBytes.stream()
			.map(line -> new OutputLine(line.seq(), line.timeMillis(), line.stream(), line.host(), line.text(),
					line.wrapped(), line.eol()))
			.toList();
		assertThat(asText).extracting(OutputLine::text)
			.containsExactly("a1", "a2", "a4", "b1", "text", "b2", "a3", "a4");
		assertThat(ChunkCodec.encode(asBytes)).isEqualTo(ChunkCodec.encode(asText));
		assertThat(ChunkCodec.decode(1, ChunkCodec.encode(asBytes))).isEqualTo(asText);
	}

}
