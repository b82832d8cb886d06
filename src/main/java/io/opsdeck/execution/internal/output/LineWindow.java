package io.opsdeck.execution.internal.output;

import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * A ring of consecutive lines, addressable by sequence number: the part of a live run's output held in memory.
 * Not thread-safe; {@link RunOutput} guards it.
 * <p>
 * The lines are held as columns (time, stream and flags, host, text or UTF-8 block with offset, size), not as an
 * {@link OutputLine} each: a line read as bytes costs no object, only its slots in arrays that are reused as the
 * ring turns. An {@code OutputLine} is made when someone reads objects ({@link #range}: viewers, tests) and is then
 * kept in its slot, so that all viewers share it and decode its text once. The flusher reads the columns
 * ({@link #pending}). Issue 8, fourteenth round: an {@code OutputLine} per line was half of a 100 MB SSH run's
 * allocation samples.
 */
final class LineWindow {

	private static final int WRAPPED = 4;

	private static final int EOL = 8;

	private static final StreamKind[] STREAMS = StreamKind.values();

	/** Their length is a power of two, so that a position in them is a mask, not a division (issue 8). */
	private long[] times = new long[1024];

	/** stream ordinal | {@link #WRAPPED} | {@link #EOL} */
	private byte[] flags = new byte[1024];

	private @Nullable String[] hosts = new String[1024];

	/** the text: a {@code String}, or the {@code byte[]} block holding it as UTF-8 at {@link #offsets} */
	private @Nullable Object[] texts = new Object[1024];

	private int[] offsets = new int[1024];

	/** the text's UTF-8 size, bytes */
	private int[] sizes = new int[1024];

	/** the line as an object, once someone asked for it */
	private @Nullable OutputLine[] lines = new OutputLine[1024];

	private int head;

	private int size;

	/** Sequence number of the first line held; meaningful when not empty. */
	private long firstSeq = 1;

	/** Adds a line given as an object (and keeps the object for readers). */
	void add(OutputLine line) {
		int slot = slotForNext(line.seq());
		boolean bytes = line.hasUtf8();
		put(slot, line.timeMillis(), line.stream(), line.host(), bytes ? line.utf8Block() : line.text(),
				bytes ? line.utf8Offset() : 0, line.textBytes(), line.wrapped(), line.eol());
		lines[slot] = line;
	}

	/**
	 * Adds a line whose text is {@code utf8[offset, offset + textBytes)}, valid UTF-8 (ASCII on the line path) that
	 * nobody changes afterwards, without making an object of it.
	 */
	void add(long seq, long timeMillis, StreamKind stream, @Nullable String host, byte[] utf8, int offset,
			int textBytes, boolean wrapped, boolean eol) {
		int slot = slotForNext(seq);
		put(slot, timeMillis, stream, host, utf8, offset, textBytes, wrapped, eol);
		lines[slot] = null;
	}

	private int slotForNext(long seq) {
		if (size == 0) {
			firstSeq = seq;
		}
		else if (seq != firstSeq + size) {
			throw new IllegalArgumentException("line " + seq + " does not follow line " + (firstSeq + size - 1));
		}
		if (size == times.length) {
			grow();
		}
		int slot = (head + size) & (times.length - 1);
		size++;
		return slot;
	}

	private void put(int slot, long timeMillis, StreamKind stream, @Nullable String host, Object text, int offset,
			int textBytes, boolean wrapped, boolean eol) {
		times[slot] = timeMillis;
		flags[slot] = (byte) (stream.ordinal() | (wrapped ? WRAPPED : 0) | (eol ? EOL : 0));
		hosts[slot] = host;
		texts[slot] = text;
		offsets[slot] = offset;
		sizes[slot] = textBytes;
	}

	/** Drops the first line. @return the bytes it accounted for: its UTF-8 text plus the line feed, if one followed */
	int removeFirst() {
		int bytes = sizes[head] + (((flags[head] & EOL) != 0) ? 1 : 0);
		hosts[head] = null;
		texts[head] = null;
		lines[head] = null;
		head = (head + 1) & (times.length - 1);
		size--;
		firstSeq++;
		return bytes;
	}

	int size() {
		return size;
	}

	/** @return sequence number of the first line held, or {@code next} if empty */
	long firstSeq(long next) {
		return (size == 0) ? next : firstSeq;
	}

	/** @return the line with sequence number {@code seq}, which the window holds, as an object (made once) */
	OutputLine line(long seq) {
		return line(slotOf(seq), seq);
	}

	private int slotOf(long seq) {
		if (size == 0 || seq < firstSeq || seq >= firstSeq + size) {
			throw new IllegalArgumentException("line " + seq + " is not in the window");
		}
		return (int) ((head + (seq - firstSeq)) & (times.length - 1));
	}

	private OutputLine line(int slot, long seq) {
		OutputLine line = lines[slot];
		if (line == null) {
			int f = flags[slot];
			StreamKind stream = STREAMS[f & 3];
			boolean wrapped = (f & WRAPPED) != 0;
			boolean eol = (f & EOL) != 0;
			line = (texts[slot] instanceof byte[] block)
					? OutputLine.ofUtf8(seq, times[slot], stream, hosts[slot], block, offsets[slot], sizes[slot],
							wrapped, eol)
					: new OutputLine(seq, times[slot], stream, hosts[slot], (String) texts[slot], wrapped, eol,
							sizes[slot]);
			lines[slot] = line;
		}
		return line;
	}

	/** @return up to {@code max} lines with seq in {@code [from, to]}, as objects (made once per line) */
	List<OutputLine> range(long from, long to, int max) {
		if (size == 0) {
			return new ArrayList<>();
		}
		long start = Math.max(from, firstSeq);
		long end = Math.min(to, firstSeq + size - 1);
		List<OutputLine> result = new ArrayList<>((int) Math.max(0, Math.min(max, end - start + 1)));
		int mask = times.length - 1;
		int at = (int) ((head + (start - firstSeq)) & mask);
		for (long seq = start; seq <= end && result.size() < max; seq++) {
			result.add(line(at, seq));
			at = (at + 1) & mask;
		}
		return result;
	}

	/**
	 * The lines from {@code from} to the last, read in place for the flusher: the source reads these arrays after
	 * the lock is released, which is safe because the producer only writes slots of lines after the last one held
	 * now (or arrays that replaced these, when the ring grows), and a slot is cleared or reused only once its line
	 * is stored, and the flusher reads lines not yet handed to an insert (beyond {@link InsertQueue#handedOffSeq}),
	 * which are not stored. Reading a line's sequence number ({@link LineSource#seq}) reads no array.
	 * @param from first sequence number, at least {@link #firstSeq}
	 * @return the lines (none when {@code from} is past the last)
	 */
	LineSource pending(long from) {
		long start = Math.max(from, firstSeq);
		int count = (size == 0) ? 0 : (int) Math.max(0, firstSeq + size - start);
		return new Pending(start, count, (int) ((head + (start - firstSeq)) & (times.length - 1)));
	}

	private void grow() {
		int length = times.length * 2;
		times = unroll(times, new long[length]);
		flags = unroll(flags, new byte[length]);
		hosts = unroll(hosts, new String[length]);
		texts = unroll(texts, new Object[length]);
		offsets = unroll(offsets, new int[length]);
		sizes = unroll(sizes, new int[length]);
		lines = unroll(lines, new OutputLine[length]);
		head = 0;
	}

	/** @return {@code bigger}, holding the ring's lines of {@code ring} from index 0 */
	private <A> A unroll(A ring, A bigger) {
		int length = java.lang.reflect.Array.getLength(ring);
		int first = Math.min(size, length - head);
		System.arraycopy(ring, head, bigger, 0, first);
		System.arraycopy(ring, 0, bigger, first, size - first);
		return bigger;
	}

	/** The flusher's view: the arrays as they were when it was taken (see {@link #pending}). */
	private final class Pending implements LineSource {

		private final long start;

		private final int count;

		private final int first;

		private final int mask;

		private final long[] times = LineWindow.this.times;

		private final byte[] flags = LineWindow.this.flags;

		private final @Nullable String[] hosts = LineWindow.this.hosts;

		private final @Nullable Object[] texts = LineWindow.this.texts;

		private final int[] offsets = LineWindow.this.offsets;

		private final int[] sizes = LineWindow.this.sizes;

		Pending(long start, int count, int first) {
			this.start = start;
			this.count = count;
			this.first = first;
			this.mask = this.times.length - 1;
		}

		private int slot(int i) {
			if (i < 0 || i >= count) {
				throw new IndexOutOfBoundsException(i);
			}
			return (first + i) & mask;
		}

		@Override
		public int size() {
			return count;
		}

		@Override
		public long seq(int i) {
			return start + i;
		}

		@Override
		public long timeMillis(int i) {
			return times[slot(i)];
		}

		@Override
		public StreamKind stream(int i) {
			return STREAMS[flags[slot(i)] & 3];
		}

		@Override
		public @Nullable String host(int i) {
			return hosts[slot(i)];
		}

		@Override
		public boolean wrapped(int i) {
			return (flags[slot(i)] & WRAPPED) != 0;
		}

		@Override
		public boolean eol(int i) {
			return (flags[slot(i)] & EOL) != 0;
		}

		@Override
		public int textBytes(int i) {
			return sizes[slot(i)];
		}

		@Override
		public byte @Nullable [] utf8Block(int i) {
			return (texts[slot(i)] instanceof byte[] block) ? block : null;
		}

		@Override
		public int utf8Offset(int i) {
			return offsets[slot(i)];
		}

		@Override
		public String text(int i) {
			int slot = slot(i);
			Object text = texts[slot];
			return (text instanceof byte[] block)
					? new String(block, offsets[slot], sizes[slot], java.nio.charset.StandardCharsets.UTF_8)
					: (String) text;
		}

	}

}
