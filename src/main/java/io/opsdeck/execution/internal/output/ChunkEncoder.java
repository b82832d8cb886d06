package io.opsdeck.execution.internal.output;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdCompressCtx;

/**
 * Writes format 2 chunks ({@link ChunkCodec} describes the format; {@link ChunkCodec#decode} reads them).
 * <p>
 * The per-line work is kept small (issue 8): the line headers go straight into an array sized for the largest
 * possible header, and the text of consecutive lines that the line path kept as bytes of one read
 * ({@link OutputLine#hasUtf8()}) is one copy of that read's bytes, line feeds included, rather than a copy per line.
 */
final class ChunkEncoder {

	/** Zstandard level 1: fastest, and still about a fifth of log text. */
	private static final int ZSTD_LEVEL = 1;

	/**
	 * Zstandard's hash table for level 1, log2 of its entries: 2^12, a quarter of the level's own 2^14 (Zstandard's
	 * parameter table for inputs over 128 KiB; setting 14 gives byte for byte the level's output). On log-like output
	 * (scenario 1's 100 MB in 1 MiB chunks, zstd-jni 1.5.7, thread CPU) the smaller table compressed in ~14 % less
	 * CPU <em>and</em> smaller (0.176 instead of 0.183 of the raw bytes): the table stays in the CPU's cache, and the
	 * matches it still finds are the recent ones, which lines of a log repeat (issue 8, eleventh round,
	 * {@code docs/benchmarks.md}). It changes only how matches are searched: the frame is standard, decoded as before.
	 */
	private static final int ZSTD_HASH_LOG = 12;

	private ChunkEncoder() {
	}

	/**
	 * @param lines consecutive lines, at least one
	 * @return the compressed chunk (format 2)
	 */
	static byte[] encode(List<OutputLine> lines) {
		try (Encoded chunk = encodeHeld(lines)) {
			return Arrays.copyOf(chunk.bytes(), chunk.length());
		}
	}

	/**
	 * A chunk encoded into a pooled array, held until {@link #close()} returns the array to the pool: the chunk store
	 * streams it to the database from there, without the chunk-sized copy per chunk that returning an exact array
	 * took (~20 MB per 100 MB of output; issue 8, eleventh round), on another thread while the flusher compresses the
	 * next chunk (issue 8, twelfth round).
	 */
	static final class Encoded implements AutoCloseable {

		private final Scratch scratch;

		private final int length;

		private boolean closed;

		private Encoded(Scratch scratch, int length) {
			this.scratch = scratch;
			this.length = length;
		}

		/** @return the array holding the chunk in {@code [0, length())}; valid until {@link #close()} */
		byte[] bytes() {
			return scratch.outArray();
		}

		/** @return the chunk's length in bytes */
		int length() {
			return length;
		}

		/** Returns the array to the pool; the chunk must not be read after this. Idempotent. */
		@Override
		public void close() {
			if (!closed) {
				closed = true;
				scratch.release();
			}
		}

	}

	/**
	 * Encodes a chunk (format 2) into a pooled array, which the result holds until it is closed.
	 * @param lines consecutive lines, at least one
	 * @return the chunk; the caller must close it
	 */
	static Encoded encodeHeld(List<OutputLine> lines) {
		return encodeHeld(LineSource.of(lines), 0, lines.size());
	}

	/**
	 * {@link #encodeHeld(List)} of lines {@code [from, to)} of a source, read field by field (the flusher's source
	 * makes no object per line; issue 8, fourteenth round).
	 */
	static Encoded encodeHeld(LineSource lines, int from, int to) {
		if (to <= from) {
			throw new IllegalArgumentException("a chunk holds at least one line");
		}
		int count = to - from;
		Map<String, Integer> hosts = new LinkedHashMap<>();
		List<byte[]> hostNames = new ArrayList<>();
		String seen = null;
		for (int i = from; i < to; i++) {
			String host = lines.host(i);
			// the lines of one host come in runs holding the same String: one map lookup per run, not per line
			// (a containsKey per line was ~4 % of the flusher's samples on a 100 MB SSH run; issue 8, eighth round)
			if (host != null && host != seen && !hosts.containsKey(host)) {
				hosts.put(host, hosts.size() + 1);
				hostNames.add(host.getBytes(StandardCharsets.UTF_8));
			}
			seen = host;
		}
		// The text goes straight into the scratch array behind room for the longest possible header, which is then
		// copied in front of it: no buffer of the chunk's size is allocated per chunk (at 1 MiB they were G1
		// humongous objects, and drove concurrent and full collections under -Xmx256m; issue 8).
		int headBound = 4 * 10 + 10 * (count + 1) * 3;
		for (byte[] name : hostNames) {
			headBound += 5 + name.length;
		}
		Scratch scratch = Scratch.take(headBound + 16 + count * 128, headBound);
		boolean handedOver = false;
		try {
			byte[] head = scratch.head;
			int h = varint(head, 0, ChunkCodec.VERSION);
			h = varint(head, h, count);
			long base = lines.timeMillis(from);
			h = varint(head, h, base);
			h = varint(head, h, hosts.size());
			for (byte[] name : hostNames) {
				h = varint(head, h, name.length);
				System.arraycopy(name, 0, head, h, name.length);
				h += name.length;
			}
			int position = headBound;
			long previous = base;
			String lastHost = null;
			int lastHostIndex = 0;
			// bytes of a read not yet copied: span[spanStart, spanEnd) holds consecutive lines with their line feeds
			byte[] span = null;
			int spanStart = 0;
			int spanEnd = 0;
			for (int i = from; i < to; i++) {
				boolean eol = lines.eol(i);
				head[h++] = (byte) (lines.stream(i).ordinal() | (lines.wrapped(i) ? 4 : 0) | (eol ? 0 : 8));
				long time = lines.timeMillis(i);
				long delta = time - previous;
				h = varint(head, h, (delta << 1) ^ (delta >> 63));
				previous = time;
				String host = lines.host(i);
				if (host != lastHost) {
					// the lines of one host come in runs, all holding the same String: one map lookup per run
					lastHostIndex = (host != null) ? hosts.get(host) : 0;
					lastHost = host;
				}
				h = varint(head, h, lastHostIndex);
				int length = lines.textBytes(i);
				byte[] block = lines.utf8Block(i);
				int offset = (block != null) ? lines.utf8Offset(i) : 0;
				if (block != null && eol && offset + length < block.length && block[offset + length] == '\n') {
					// a line read as bytes, followed by its line feed in its read's block: its bytes are the output
					// as read, so the lines of one read become one copy (no String or encoding per line, issue 8)
					h = varint(head, h, length);
					if (block != span || offset != spanEnd) {
						position = copySpan(scratch, position, span, spanStart, spanEnd);
						span = block;
						spanStart = offset;
					}
					spanEnd = offset + length + 1;
					continue;
				}
				position = copySpan(scratch, position, span, spanStart, spanEnd);
				span = null;
				spanStart = 0;
				spanEnd = 0;
				byte[] text = (block != null) ? null : lines.text(i).getBytes(StandardCharsets.UTF_8);
				if (text != null) {
					length = text.length;
				}
				h = varint(head, h, length);
				byte[] raw = scratch.room(position, length + 1);
				if (text != null) {
					System.arraycopy(text, 0, raw, position, length);
				}
				else {
					System.arraycopy(block, offset, raw, position, length);
				}
				position += length;
				if (eol) {
					raw[position++] = '\n';
				}
			}
			position = copySpan(scratch, position, span, spanStart, spanEnd);
			if (h > headBound) {
				throw new IllegalStateException("output chunk header exceeds its bound");
			}
			byte[] raw = scratch.raw;
			int rawStart = headBound - h;
			System.arraycopy(head, 0, raw, rawStart, h);
			int rawLength = position - rawStart;
			// the prefix (magic, raw length) is known before compressing: the frame goes right behind it
			byte[] out = scratch.out(16 + (int) Zstd.compressBound(rawLength));
			out[0] = (byte) ChunkCodec.MAGIC_V2;
			int prefixLength = varint(out, 1, rawLength);
			int compressed;
			try {
				compressed = scratch.zstd().compressByteArray(out, prefixLength, out.length - prefixLength, raw, rawStart,
						rawLength);
			}
			catch (RuntimeException ex) {
				throw new IllegalStateException("compressing output failed: " + ex.getMessage(), ex);
			}
			handedOver = true;
			return new Encoded(scratch, prefixLength + compressed);
		}
		finally {
			if (!handedOver) {
				scratch.release();
			}
		}
	}

	/** @return the size the working arrays are allocated at for {@code bytes}: {@link Scratch#steps} */
	static int scratchBytes(int bytes) {
		return Scratch.steps(bytes);
	}

	/** @return the position after copying {@code span[from, to)} (nothing when {@code span} is {@code null}) */
	private static int copySpan(Scratch scratch, int position, byte[] span, int from, int to) {
		if (span == null || to == from) {
			return position;
		}
		byte[] raw = scratch.room(position, to - from);
		System.arraycopy(span, from, raw, position, to - from);
		return position + (to - from);
	}

	/** @return the index after the unsigned LEB128 varint of {@code value} written at {@code at} */
	private static int varint(byte[] target, int at, long value) {
		while ((value & ~0x7FL) != 0) {
			target[at++] = (byte) ((value & 0x7F) | 0x80);
			value >>>= 7;
		}
		target[at++] = (byte) value;
		return at;
	}

	/**
	 * Working arrays of {@link #encode} and its Zstandard context, reused: at most {@value #POOLED} are kept (two
	 * runs flushing, each with a chunk compressed and one inserted), none above {@value #POOLED_MAX_BYTES} bytes; arrays grow in steps of
	 * {@value #STEP_BYTES} bytes. A context that is not pooled is closed (it holds native memory, which nothing else
	 * frees): {@code Zstd.compressByteArray} made and freed one per chunk, ~3 % of the flusher's CPU samples (issue
	 * 8, eleventh round).
	 */
	private static final class Scratch {

		/**
		 * two runs flushing at once (two flusher threads, or a run's closing thread storing its last lines itself),
		 * each with one chunk being compressed and one being inserted ({@link Encoded})
		 */
		static final int POOLED = 4;

		/** Arrays are allocated in multiples of this. */
		static final int STEP_BYTES = 256 * 1024;

		static final int POOLED_MAX_BYTES = 4 * 1024 * 1024;

		private static final ConcurrentLinkedQueue<Scratch> POOL = new ConcurrentLinkedQueue<>();

		private static final AtomicInteger POOL_SIZE = new AtomicInteger();

		byte[] raw = new byte[0];

		byte[] head = new byte[0];

		private byte[] out = new byte[0];

		private ZstdCompressCtx zstd;

		static Scratch take(int rawBytes, int headBytes) {
			Scratch scratch = POOL.poll();
			if (scratch != null) {
				POOL_SIZE.decrementAndGet();
			}
			else {
				scratch = new Scratch();
			}
			if (scratch.raw.length < rawBytes) {
				scratch.raw = new byte[steps(rawBytes)];
			}
			if (scratch.head.length < headBytes) {
				scratch.head = new byte[steps(headBytes)];
			}
			return scratch;
		}

		/**
		 * @return {@code bytes} rounded up to a multiple of {@value #STEP_BYTES}: a chunk bound by bytes has a line
		 * count (and so a header bound) that varies a little from chunk to chunk, and growing an array by exactly
		 * the shortfall reallocated these arrays, G1 humongous objects, again and again (issue 8, tenth round)
		 */
		static int steps(int bytes) {
			return (int) Math.min(Integer.MAX_VALUE - 8, ((long) bytes + STEP_BYTES - 1) / STEP_BYTES * STEP_BYTES);
		}

		/** @return the raw array, grown if needed so that {@code bytes} more fit at {@code position} */
		byte[] room(int position, int bytes) {
			if (position + bytes > raw.length) {
				raw = Arrays.copyOf(raw, Math.max(position + bytes, raw.length + (raw.length >> 1)));
			}
			return raw;
		}

		byte[] outArray() {
			return out;
		}

		byte[] out(int bytes) {
			if (out.length < bytes) {
				out = new byte[steps(bytes)];
			}
			return out;
		}

		/** @return this scratch's compression context: level 1, hash log 12 */
		ZstdCompressCtx zstd() {
			if (zstd == null) {
				zstd = new ZstdCompressCtx().setLevel(ZSTD_LEVEL).setHashLog(ZSTD_HASH_LOG);
			}
			return zstd;
		}

		void release() {
			boolean poolable = raw.length <= POOLED_MAX_BYTES && out.length <= POOLED_MAX_BYTES
					&& head.length <= POOLED_MAX_BYTES;
			if (poolable && POOL_SIZE.incrementAndGet() <= POOLED) {
				POOL.offer(this);
				return;
			}
			if (poolable) {
				POOL_SIZE.decrementAndGet();
			}
			if (zstd != null) {
				zstd.close();
				zstd = null;
			}
		}

	}

}
