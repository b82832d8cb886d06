package io.opsdeck.execution.internal.output;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The window's columns (issue 8, fourteenth round): lines read as bytes are no objects until someone reads objects,
 * and the flusher's in-place view reads the same lines as the objects would be.
 */
class LineWindowTests {

	private static final long T0 = 1_700_000_000_000L;

	/** One read's block: lines "b<seq> ..." each followed by a line feed; returns the offsets, line i at [i]. */
	private static int[] block(ByteBlock out, long firstSeq, int count) {
		StringBuilder text = new StringBuilder();
		int[] offsets = new int[count + 1];
		for (int i = 0; i < count; i++) {
			offsets[i] = text.length();
			long seq = firstSeq + i;
			text.append("b").append(seq).append(" ").append("y".repeat((int) (seq % 13))).append('\n');
		}
		offsets[count] = text.length();
		out.bytes = text.toString().getBytes(StandardCharsets.US_ASCII);
		return offsets;
	}

	private static final class ByteBlock {

		byte[] bytes;

	}

	/** Fills the window with a mix: byte lines of one read, String lines (non-ASCII, wrapped, without eol). */
	private static List<OutputLine> fill(LineWindow window, long from, long to) {
		List<OutputLine> expected = new ArrayList<>();
		long seq = from;
		while (seq <= to) {
			if (seq % 5 == 0) {
				OutputLine line = new OutputLine(seq, T0 + seq, StreamKind.STDERR, (seq % 2 == 0) ? "web-1" : null,
						"é" + seq, seq % 10 == 0, seq % 3 != 0);
				window.add(line);
				expected.add(line);
				seq++;
				continue;
			}
			int count = (int) Math.min(5 - seq % 5, to - seq + 1);
			ByteBlock block = new ByteBlock();
			int[] offsets = block(block, seq, count);
			for (int i = 0; i < count; i++) {
				int length = offsets[i + 1] - offsets[i] - 1;
				window.add(seq, T0 + seq / 4, StreamKind.STDOUT, "web-2", block.bytes, offsets[i], length, false, true);
				expected.add(OutputLine.ofUtf8(seq, T0 + seq / 4, StreamKind.STDOUT, "web-2", block.bytes, offsets[i],
						length, false, true));
				seq++;
			}
		}
		return expected;
	}

	private static List<OutputLine> read(LineSource source) {
		List<OutputLine> lines = new ArrayList<>();
		for (int i = 0; i < source.size(); i++) {
			lines.add(new OutputLine(source.seq(i), source.timeMillis(i), source.stream(i), source.host(i),
					source.text(i), source.wrapped(i), source.eol(i), source.textBytes(i)));
		}
		return lines;
	}

	@Test
	void linesReadAsBytesBecomeObjectsWhenReadAndAllReadersShareThem() {
		LineWindow window = new LineWindow();
		List<OutputLine> expected = fill(window, 1, 40);
		List<OutputLine> first = window.range(1, 40, 100);
		assertThat(first).isEqualTo(expected);
		List<OutputLine> second = window.range(3, 40, 100);
		for (int i = 0; i < second.size(); i++) {
			assertThat(second.get(i)).isSameAs(first.get(i + 2));
		}
		// a line given as an object stays that object
		assertThat(window.line(5)).isSameAs(expected.get(4));
		assertThat(window.line(1).hasUtf8()).isTrue();
		assertThatThrownBy(() -> window.line(41)).isInstanceOf(IllegalArgumentException.class);
		assertThatThrownBy(() -> window.add(43, T0, StreamKind.STDOUT, null, new byte[] { 'a', '\n' }, 0, 1, false,
				true)).isInstanceOf(IllegalArgumentException.class);
	}

	@Test
	void thePendingViewReadsTheLinesInPlaceAcrossGrowthAndWrapping() {
		LineWindow window = new LineWindow();
		List<OutputLine> expected = fill(window, 1, 1000);
		LineSource early = window.pending(401);
		// drop 900 lines (stored), then add more than the ring held: it wraps, then grows
		int dropped = 0;
		for (int i = 0; i < 900; i++) {
			dropped += window.removeFirst();
		}
		assertThat(dropped).isEqualTo(expected.subList(0, 900).stream().mapToInt(OutputLedger::sizeOf).sum());
		expected.addAll(fill(window, 1001, 3000));
		assertThat(window.firstSeq(0)).isEqualTo(901);
		assertThat(window.size()).isEqualTo(2100);

		LineSource pending = window.pending(950);
		assertThat(pending.size()).isEqualTo(2051);
		assertThat(pending.seq(0)).isEqualTo(950);
		assertThat(read(pending)).isEqualTo(expected.subList(949, 3000));
		assertThat(pending.sizeOf(0)).isEqualTo(OutputLedger.sizeOf(expected.get(949)));
		// a view taken before the ring grew still reads its lines that were not dropped
		assertThat(read(early).subList(500, 600)).isEqualTo(expected.subList(900, 1000));
		assertThat(window.range(950, 3000, 5000)).isEqualTo(expected.subList(949, 3000));
		assertThat(window.pending(3001).size()).isZero();
		assertThatThrownBy(() -> pending.timeMillis(2051)).isInstanceOf(IndexOutOfBoundsException.class);
	}

	@Test
	void encodesThePendingViewByteForByteAsTheLinesAsObjects() {
		LineWindow window = new LineWindow();
		List<OutputLine> expected = fill(window, 1, 3000);
		byte[] fromObjects = ChunkEncoder.encode(expected.subList(99, 2500));
		byte[] fromView;
		try (ChunkEncoder.Encoded chunk = ChunkEncoder.encodeHeld(window.pending(1), 99, 2500)) {
			fromView = Arrays.copyOf(chunk.bytes(), chunk.length());
		}
		assertThat(fromView).isEqualTo(fromObjects);
		assertThat(ChunkCodec.decode(100, fromView)).isEqualTo(expected.subList(99, 2500));
	}

	@Test
	void anSshRunsLinesReadAsBytesCostNoObjectEachUntilRead() {
		RunOutput output = new RunOutput(UUID.randomUUID(),
				new OutputLimits(64 * 1024, Long.MAX_VALUE, Integer.MAX_VALUE, Long.MAX_VALUE, 1024, 10,
						Long.MAX_VALUE),
				SecretMasker.of(List.of("hunter2")), OutputService.NO_FAILURE_DETECTOR, () -> {
				}, Clock.systemUTC());
		LineSplitter splitter = output.splitter(StreamKind.STDOUT, "web-1");
		byte[] read = "2026-12-06 21:00:00 INFO a log line of some length, as a service writes it\n".repeat(1000)
			.getBytes(StandardCharsets.US_ASCII);
		// the first pass grows the window's arrays; stored, its lines leave the window but the arrays stay
		for (int i = 0; i < 50; i++) {
			splitter.write(read, 0, read.length);
		}
		LineSource pending = output.pending();
		output.stored(pending.seq(pending.size() - 1), read.length * 50L, pending.size());
		com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory
			.getThreadMXBean();
		long before = threads.getCurrentThreadAllocatedBytes();
		for (int i = 0; i < 50; i++) {
			splitter.write(read, 0, read.length);
		}
		long allocated = threads.getCurrentThreadAllocatedBytes() - before;
		// the splitter's copy of each read's lines, and a few objects per read; an OutputLine each was 56 bytes more
		long lines = 50_000;
		assertThat(allocated - 50L * read.length).isLessThan(lines * 8);

		// a secret in a line read as bytes is masked all the same
		byte[] secret = "user admin\npassword hunter2 ok\n".getBytes(StandardCharsets.US_ASCII);
		splitter.write(secret, 0, secret.length);
		long last = output.lastSeq();
		assertThat(output.after(last - 2, 10).orElseThrow()).extracting(OutputLine::text)
			.containsExactly("user admin", "password ******** ok");
		LineSource tail = output.pending();
		assertThat(tail.text(tail.size() - 1)).isEqualTo("password ******** ok");
	}

	@Test
	void aFailureDetectorSeesTheLinesReadAsBytes() {
		RunOutput output = new RunOutput(UUID.randomUUID(), OutputLimits.defaults(), SecretMasker.none(),
				line -> line.text().startsWith("fatal: ["), () -> {
				}, Clock.systemUTC());
		byte[] read = "ok: [web]\nok: [db]\nfatal: [db]: FAILED!\nok: [web]\n".getBytes(StandardCharsets.US_ASCII);
		output.splitter(StreamKind.STDOUT, null).write(read, 0, read.length);
		assertThat(output.firstFailureSeq()).isEqualTo(3L);
	}

}
