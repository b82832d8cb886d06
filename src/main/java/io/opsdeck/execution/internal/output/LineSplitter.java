package io.opsdeck.execution.internal.output;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Turns the bytes of one output stream into lines. A line ends at a line feed ({@code \n}); the carriage return of
 * a {@code \r\n} pair, and progress output that redraws a line with {@code \r}, stay in the text for the terminal
 * renderer. A line longer than {@code maxLineBytes} is cut into fragments at a UTF-8 character boundary, each but
 * the last marked {@code wrapped}. Bytes that are not valid UTF-8 become U+FFFD. Output that ends without a line
 * feed is emitted by {@link #finish()} with {@code eol = false}. Not thread-safe: one splitter per stream.
 */
public final class LineSplitter {

	/** Receives each line as it completes. */
	@FunctionalInterface
	public interface Sink {

		/**
		 * @param text the decoded line without its line feed
		 * @param wrapped the line continues in the next one (cut at the length limit)
		 * @param eol a line feed followed it
		 */
		void line(String text, boolean wrapped, boolean eol);

		/**
		 * Like {@link #line(String, boolean, boolean)}, with the text's UTF-8 size when the splitter knows it for
		 * free (the line's bytes were all ASCII), so that the sink need not count it again.
		 * @param textBytes the UTF-8 size of {@code text}, or {@code -1} when unknown
		 */
		default void line(String text, int textBytes, boolean wrapped, boolean eol) {
			line(text, wrapped, eol);
		}

		/**
		 * A whole line (not wrapped, a line feed followed it) that arrived within one {@link #write}: its bytes are
		 * {@code block[offset, offset + length)}, and the splitter never writes to {@code block} again, so the sink
		 * may keep the array instead of copying or decoding it. All such lines of one write share one block.
		 * Default: decodes the bytes and calls {@link #line(String, int, boolean, boolean)}, exactly as for a line
		 * assembled across writes.
		 * @param ascii every byte is ASCII: the bytes are then valid UTF-8 and {@code length} is the text's UTF-8
		 * size; otherwise they may hold invalid UTF-8, which decoding turns into U+FFFD
		 */
		default void line(byte[] block, int offset, int length, boolean ascii) {
			line(new String(block, offset, length, StandardCharsets.UTF_8), ascii ? length : -1, false, true);
		}

		/**
		 * The whole lines of one {@link #write} that go to the sink as bytes, all at once and in order: line
		 * {@code i} is {@code block[offsets[i], offsets[i] + lengths[i])}, as for
		 * {@link #line(byte[], int, int, boolean)}. A sink that takes a whole read at once does its per-line
		 * bookkeeping (a lock, a wake-up of viewers) once per read (issue 8). The arrays other than {@code block}
		 * are the splitter's and are reused by its next write: read them, do not keep them. Lines the splitter
		 * emits otherwise (assembled across writes, wrapped) come before or after a batch, never inside it.
		 * Default: {@link #line(byte[], int, int, boolean)} for each line.
		 * @param ascii whether each line's bytes are all ASCII
		 * @param count how many lines, at least one
		 */
		default void lines(byte[] block, int[] offsets, int[] lengths, boolean[] ascii, int count) {
			for (int i = 0; i < count; i++) {
				line(block, offsets[i], lengths[i], ascii[i]);
			}
		}

	}

	/** Reads eight bytes of an array as one {@code long}, the first byte lowest. */
	private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

	private static final long LINE_FEEDS = 0x0A0A0A0A0A0A0A0AL;

	private static final long ONES = 0x0101010101010101L;

	private static final long HIGH_BITS = 0x8080808080808080L;

	private final int maxLineBytes;

	private final Sink sink;

	private byte[] buffer = new byte[256];

	private int length;

	private boolean lastWrapped;

	/** Whether {@code buffer[0..length)} may hold a byte outside ASCII (then the text's UTF-8 size is unknown). */
	private boolean nonAscii;

	/** The current write's whole lines not yet handed over ({@link Sink#lines}): offsets into the block. */
	private int[] batchOffsets = new int[64];

	private int[] batchLengths = new int[64];

	private boolean[] batchAscii = new boolean[64];

	private int batchCount;

	/**
	 * @param maxLineBytes longest line kept whole, in bytes (at least 16)
	 * @param sink receiver of completed lines
	 */
	public LineSplitter(int maxLineBytes, Sink sink) {
		if (maxLineBytes < 16) {
			throw new IllegalArgumentException("maxLineBytes must be at least 16");
		}
		this.maxLineBytes = maxLineBytes;
		this.sink = sink;
	}

	/**
	 * Feeds bytes as they were read; emits every line they complete. A line that lies wholly within these bytes
	 * (nothing of it held from an earlier write, shorter than the limit) goes to the sink as bytes
	 * ({@link Sink#lines}, all such lines of the write at once) in one copy of this write's lines shared by all of
	 * them; a line assembled across writes, and each fragment of a wrapped line, is decoded here.
	 */
	public void write(byte[] bytes, int offset, int count) {
		int end = offset + count;
		int start = offset;
		long seen = 0; // the bytes since start OR-ed together: a high bit set when one of them is not ASCII
		byte[] block = null; // this write's whole lines, copied once: from blockStart to the last line feed
		int blockStart = 0;
		int i = offset;
		while (true) {
			int lineFeed = -1;
			// eight bytes at a time: the scan for line feeds was most of the pump thread's CPU (issue 8)
			while (i + 8 <= end) {
				long word = (long) LONGS.get(bytes, i);
				long x = word ^ LINE_FEEDS;
				long found = (x - ONES) & ~x & HIGH_BITS; // the lowest flagged byte is the first line feed
				if (found != 0) {
					int at = Long.numberOfTrailingZeros(found) >>> 3;
					seen |= word & ((1L << (at << 3)) - 1);
					lineFeed = i + at;
					break;
				}
				seen |= word;
				i += 8;
			}
			if (lineFeed < 0) {
				for (; i < end; i++) {
					byte b = bytes[i];
					if (b == '\n') {
						lineFeed = i;
						break;
					}
					seen |= b & 0xFF;
				}
				if (lineFeed < 0) {
					break;
				}
			}
			boolean ascii = (seen & HIGH_BITS) == 0;
			if (length == 0 && lineFeed - start < maxLineBytes) {
				if (block == null) {
					block = Arrays.copyOfRange(bytes, start, lastLineFeed(bytes, lineFeed, end) + 1);
					blockStart = start;
				}
				lastWrapped = false;
				batch(start - blockStart, lineFeed - start, ascii);
			}
			else {
				handOver(block);
				append(bytes, start, lineFeed - start, !ascii);
				emit(length, false, true);
			}
			start = lineFeed + 1;
			i = start;
			seen = 0;
		}
		handOver(block);
		append(bytes, start, end - start, (seen & HIGH_BITS) != 0);
	}

	private void batch(int offset, int lineLength, boolean ascii) {
		if (batchCount == batchOffsets.length) {
			int size = batchCount * 2;
			batchOffsets = Arrays.copyOf(batchOffsets, size);
			batchLengths = Arrays.copyOf(batchLengths, size);
			batchAscii = Arrays.copyOf(batchAscii, size);
		}
		batchOffsets[batchCount] = offset;
		batchLengths[batchCount] = lineLength;
		batchAscii[batchCount] = ascii;
		batchCount++;
	}

	/** Hands the batched whole lines of the current write to the sink, before any line emitted otherwise. */
	private void handOver(byte[] block) {
		if (batchCount > 0) {
			int count = batchCount;
			batchCount = 0;
			sink.lines(block, batchOffsets, batchLengths, batchAscii, count);
		}
	}

	/** @return the index of the last line feed in {@code bytes[from, end)}, {@code from} holding one */
	private static int lastLineFeed(byte[] bytes, int from, int end) {
		for (int i = end - 1; i > from; i--) {
			if (bytes[i] == '\n') {
				return i;
			}
		}
		return from;
	}

	/**
	 * Emits what is left after the stream ended, if anything, as a line without line feed; after a wrapped fragment
	 * always (possibly empty), so that a sink holding back the end of a fragment gets to emit it.
	 */
	public void finish() {
		if (length > 0 || lastWrapped) {
			emit(length, false, false);
		}
	}

	/** @param mayBeNonAscii whether a byte of the segment may be outside ASCII */
	private void append(byte[] bytes, int offset, int count, boolean mayBeNonAscii) {
		while (count > 0) {
			int room = maxLineBytes - length;
			int take = Math.min(room, count);
			ensureCapacity(length + take);
			System.arraycopy(bytes, offset, buffer, length, take);
			length += take;
			nonAscii |= mayBeNonAscii;
			offset += take;
			count -= take;
			if (length == maxLineBytes) {
				emitFragment();
			}
		}
	}

	private void emitFragment() {
		int cut = characterBoundary(length);
		emit(cut, true, false);
	}

	/** @return the largest index at or below {@code limit} that does not split a UTF-8 sequence */
	private int characterBoundary(int limit) {
		int cut = limit;
		int back = 0;
		while (cut > 0 && back < 3 && (buffer[cut - 1] & 0xC0) == 0x80) {
			cut--;
			back++;
		}
		if (cut > 0 && (buffer[cut - 1] & 0x80) != 0 && (buffer[cut - 1] & 0xC0) == 0xC0) {
			int lead = buffer[cut - 1] & 0xFF;
			int needed = (lead >= 0xF0) ? 3 : (lead >= 0xE0) ? 2 : 1;
			if (needed > back) {
				return cut - 1;
			}
			return limit;
		}
		return limit;
	}

	private void emit(int count, boolean wrapped, boolean eol) {
		String text = new String(buffer, 0, count, StandardCharsets.UTF_8);
		int textBytes = nonAscii ? -1 : count;
		int rest = length - count;
		if (rest > 0) {
			System.arraycopy(buffer, count, buffer, 0, rest);
		}
		length = rest;
		if (rest == 0) {
			nonAscii = false;
		}
		if (buffer.length > 64 * 1024 && length < 1024) {
			buffer = Arrays.copyOf(buffer, 1024);
		}
		lastWrapped = wrapped;
		sink.line(text, textBytes, wrapped, eol);
	}

	private void ensureCapacity(int capacity) {
		if (capacity > buffer.length) {
			buffer = Arrays.copyOf(buffer, Math.max(capacity, Math.min(buffer.length * 2, maxLineBytes)));
		}
	}

}
