package io.opsdeck.execution.internal.output;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LineSplitterTests {

	record Line(String text, boolean wrapped, boolean eol) {
	}

	private final List<Line> lines = new ArrayList<>();

	private LineSplitter splitter(int max) {
		return new LineSplitter(max, (text, wrapped, eol) -> lines.add(new Line(text, wrapped, eol)));
	}

	private static void feed(LineSplitter splitter, String text) {
		byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
		splitter.write(bytes, 0, bytes.length);
	}

	@Test
	void splitsOnLineFeedsAcrossReads() {
		LineSplitter splitter = splitter(1024);
		feed(splitter, "one\ntw");
		feed(splitter, "o\nthree\n");
		splitter.finish();
		assertThat(lines).containsExactly(new Line("one", false, true), new Line("two", false, true),
				new Line("three", false, true));
	}

	@Test
	void keepsOutputWithoutTrailingNewlineAndMarksIt() {
		LineSplitter splitter = splitter(1024);
		feed(splitter, "done\npartial");
		splitter.finish();
		assertThat(lines).containsExactly(new Line("done", false, true), new Line("partial", false, false));
	}

	@Test
	void keepsCarriageReturnsForTheTerminalRenderer() {
		LineSplitter splitter = splitter(1024);
		feed(splitter, "10%\r50%\r100%\r\n");
		splitter.finish();
		assertThat(lines).containsExactly(new Line("10%\r50%\r100%\r", false, true));
	}

	@Test
	void wrapsLongLinesAtTheLimitWithoutSplittingACharacter() {
		LineSplitter splitter = splitter(16);
		String text = "aaaaaaaaaaaaaaa\u00e9bbbb";
		feed(splitter, text + "\n");
		splitter.finish();
		assertThat(lines).hasSize(2);
		assertThat(lines.get(0)).isEqualTo(new Line("aaaaaaaaaaaaaaa", true, false));
		assertThat(lines.get(1)).isEqualTo(new Line("\u00e9bbbb", false, true));
		assertThat(lines.get(0).text() + lines.get(1).text()).isEqualTo(text);
	}

	@Test
	void wrapsAVeryLongLineIntoManyFragmentsThatJoinBack() {
		LineSplitter splitter = splitter(100);
		String text = "x".repeat(1050);
		feed(splitter, text);
		splitter.finish();
		assertThat(lines).hasSize(11);
		assertThat(lines.subList(0, 10)).allMatch(Line::wrapped);
		assertThat(lines.get(10).eol()).isFalse();
		assertThat(String.join("", lines.stream().map(Line::text).toList())).isEqualTo(text);
	}

	@Test
	void replacesInvalidUtf8() {
		LineSplitter splitter = splitter(1024);
		byte[] bytes = { 'o', 'k', (byte) 0xff, (byte) 0xfe, '!', '\n' };
		splitter.write(bytes, 0, bytes.length);
		assertThat(lines).hasSize(1);
		assertThat(lines.get(0).text()).startsWith("ok").endsWith("!").contains("\uFFFD");
	}

	@Test
	void multiByteCharacterSplitAcrossReadsSurvives() {
		LineSplitter splitter = splitter(1024);
		byte[] euro = "\u20ac\n".getBytes(StandardCharsets.UTF_8);
		splitter.write(euro, 0, 1);
		splitter.write(euro, 1, euro.length - 1);
		assertThat(lines).containsExactly(new Line("\u20ac", false, true));
	}

	@Test
	void reportsTheUtf8SizeOnlyWhenTheLineIsAscii() {
		List<Integer> sizes = new ArrayList<>();
		LineSplitter splitter = new LineSplitter(16, new LineSplitter.Sink() {

			@Override
			public void line(String text, boolean wrapped, boolean eol) {
				throw new AssertionError("the splitter calls the sized variant");
			}

			@Override
			public void line(String text, int textBytes, boolean wrapped, boolean eol) {
				lines.add(new Line(text, wrapped, eol));
				sizes.add(textBytes);
			}

		});
		// a wrap exactly at the limit empties the buffer in the middle of a read whose rest is not ASCII
		feed(splitter, "ascii\n" + "a".repeat(16) + "\u00e9\n" + "plain\n" + "\u00e9t\u00e9\n");
		splitter.finish();
		assertThat(lines).extracting(Line::text)
			.containsExactly("ascii", "a".repeat(16), "\u00e9", "plain", "\u00e9t\u00e9");
		for (int i = 0; i < lines.size(); i++) {
			int size = sizes.get(i);
			if (size >= 0) {
				assertThat(size).isEqualTo(lines.get(i).text().getBytes(StandardCharsets.UTF_8).length);
			}
		}
		assertThat(sizes).containsExactly(5, -1, -1, 5, -1); // the wrapped fragment: conservatively unknown
	}

	/** Input that exercises every path of the splitter, at a 16-byte limit. */
	static byte[] trickyInput() {
		java.io.ByteArrayOutputStream input = new java.io.ByteArrayOutputStream();
		for (String piece : List.of("plain\n", "crlf\r\n", "\n", "\r\n", "caf\u00e9 \u20ac\ud83d\ude00\n",
				"a".repeat(15) + "\n", "b".repeat(16) + "\n", "c".repeat(17) + "\n", "d".repeat(40) + "\n",
				"\u00e9".repeat(12) + "\n", "progress 10%\rprogress 20%\n", "tab\there\n")) {
			input.writeBytes(piece.getBytes(StandardCharsets.UTF_8));
		}
		input.writeBytes(new byte[] { 'b', 'a', 'd', (byte) 0xC3, '\n', (byte) 0xFF, 'o', 'k', '\n', (byte) 0xE2,
				(byte) 0x82, '\n', (byte) 0xF0, (byte) 0x9F, (byte) 0x98, 'x', '\n' });
		input.writeBytes("no newline at the end".getBytes(StandardCharsets.UTF_8));
		return input.toByteArray();
	}

	/** The lines as a sink that takes only text gets them: the reference for the byte hand-over. */
	private static List<Line> decodedLines(byte[] input, int max, int readSize) {
		List<Line> decoded = new ArrayList<>();
		LineSplitter splitter = new LineSplitter(max, (text, wrapped, eol) -> decoded.add(new Line(text, wrapped, eol)));
		for (int at = 0; at < input.length; at += readSize) {
			splitter.write(input, at, Math.min(readSize, input.length - at));
		}
		splitter.finish();
		return decoded;
	}

	@Test
	void linesHandedOverAsBytesAreExactlyTheDecodedLinesAndTheirBlocksStayUntouched() {
		byte[] input = trickyInput();
		List<Line> reference = decodedLines(input, 16, 1);
		assertThat(reference).contains(new Line("crlf\r", false, true), new Line("bad\ufffd", false, true),
				new Line("\ufffdok", false, true), new Line("no newline at th", true, false), new Line("e end", false, false));
		for (int readSize : new int[] { 1, 2, 3, 5, 7, 16, 17, 64, input.length }) {
			List<Line> got = new ArrayList<>();
			List<byte[]> blocks = new ArrayList<>();
			List<byte[]> copies = new ArrayList<>();
			int[] asBytes = { 0 };
			LineSplitter splitter = new LineSplitter(16, new LineSplitter.Sink() {

				@Override
				public void line(String text, boolean wrapped, boolean eol) {
					got.add(new Line(text, wrapped, eol));
				}

				@Override
				public void line(byte[] block, int offset, int length, boolean ascii) {
					String text = new String(block, offset, length, StandardCharsets.UTF_8);
					if (ascii) {
						assertThat(text.getBytes(StandardCharsets.UTF_8)).hasSize(length);
					}
					got.add(new Line(text, false, true));
					blocks.add(block);
					copies.add(block.clone());
					asBytes[0]++;
				}

			});
			// one read buffer reused for every read, as StreamPump does
			byte[] buffer = new byte[readSize];
			for (int at = 0; at < input.length; at += readSize) {
				int n = Math.min(readSize, input.length - at);
				System.arraycopy(input, at, buffer, 0, n);
				splitter.write(buffer, 0, n);
				java.util.Arrays.fill(buffer, (byte) '#');
			}
			splitter.finish();
			assertThat(got).as("reads of " + readSize).isEqualTo(reference);
			for (int i = 0; i < blocks.size(); i++) {
				assertThat(blocks.get(i)).as("block " + i + " unchanged").isEqualTo(copies.get(i));
			}
			if (readSize == input.length) {
				assertThat(asBytes[0]).as("whole lines of one read go as bytes").isGreaterThan(10);
			}
		}
	}

	@Test
	void theWordAtATimeScanFindsTheSameLinesAndAsciiFlagsAsOneByteReads() {
		// issue 8, seventh round: the scan reads eight bytes at a time; one-byte reads never take that path
		java.util.Random random = new java.util.Random(7);
		byte[] alphabet = { 'a', 'b', '\n', '\n', '\r', (byte) 0xC3, (byte) 0xA9, (byte) 0xFF, (byte) 0x80, 0x7F, 0x0A, 0x0B };
		for (int round = 0; round < 50; round++) {
			byte[] input = new byte[1 + random.nextInt(600)];
			for (int i = 0; i < input.length; i++) {
				input[i] = alphabet[random.nextInt(alphabet.length)];
			}
			int max = 16 + random.nextInt(40);
			List<Line> reference = decodedLines(input, max, 1);
			for (int readSize : new int[] { 7, 8, 9, 15, 16, 17, 31, 64, input.length }) {
				List<Line> got = new ArrayList<>();
				LineSplitter splitter = new LineSplitter(max, new LineSplitter.Sink() {

					@Override
					public void line(String text, boolean wrapped, boolean eol) {
						got.add(new Line(text, wrapped, eol));
					}

					@Override
					public void lines(byte[] block, int[] offsets, int[] lengths, boolean[] ascii, int count) {
						for (int i = 0; i < count; i++) {
							boolean allAscii = true;
							for (int b = offsets[i]; b < offsets[i] + lengths[i]; b++) {
								allAscii &= block[b] >= 0;
							}
							assertThat(ascii[i]).as("ascii flag").isEqualTo(allAscii);
							assertThat(block[offsets[i] + lengths[i]]).as("a line feed follows").isEqualTo((byte) '\n');
							got.add(new Line(new String(block, offsets[i], lengths[i], StandardCharsets.UTF_8), false, true));
						}
					}

				});
				byte[] buffer = new byte[readSize + 8];
				for (int at = 0; at < input.length; at += readSize) {
					int n = Math.min(readSize, input.length - at);
					System.arraycopy(input, at, buffer, 3, n); // at an offset, as a pump with a larger buffer might
					splitter.write(buffer, 3, n);
				}
				splitter.finish();
				assertThat(got).as("round " + round + ", reads of " + readSize).isEqualTo(reference);
			}
		}
	}

	@Test
	void aWriteHandsItsWholeLinesOverAtOnceBetweenTheLinesAssembledAcrossWrites() {
		List<String> events = new ArrayList<>();
		LineSplitter splitter = new LineSplitter(16, new LineSplitter.Sink() {

			@Override
			public void line(String text, boolean wrapped, boolean eol) {
				events.add("line " + text + (wrapped ? " (wrapped)" : ""));
			}

			@Override
			public void lines(byte[] block, int[] offsets, int[] lengths, boolean[] ascii, int count) {
				StringBuilder batch = new StringBuilder("batch");
				for (int i = 0; i < count; i++) {
					batch.append(' ').append(new String(block, offsets[i], lengths[i], StandardCharsets.UTF_8));
				}
				events.add(batch.toString());
			}

		});
		feed(splitter, "held");
		feed(splitter, "-over\none\ntwo\n0123456789abcdefXY\nthree\nfour\ntail");
		splitter.finish();
		assertThat(events).containsExactly("line held-over", "batch one two", "line 0123456789abcdef (wrapped)",
				"line XY", "batch three four", "line tail");
	}

}
