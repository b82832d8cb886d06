package io.opsdeck.execution.internal.output;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

import com.github.luben.zstd.Zstd;

import org.jspecify.annotations.Nullable;

/**
 * Encodes a run of consecutive output lines into one compressed chunk (one database row), and back. Storing chunks
 * rather than a row per line keeps a 100 MB log to a few hundred rows and well under one stored byte per output
 * byte.
 * <p>
 * Format 2 (written since issue 8): {@code 0x02 | raw length | Zstandard frame(raw)} where raw is {@code version=2
 * | count | baseTime | hostCount | hosts... | line headers... | text}; each line header is {@code flags(stream:2,
 * wrapped, !eol) | zigzag time delta (ms) | host index (0 = none) | byte length}, and text is every line's UTF-8
 * bytes, each followed by a line feed when one followed it in the output. The text block is therefore the output
 * exactly as it was read (masked), so a plain log replay writes it to the client without decoding a line
 * ({@link TextReplay}). Zstandard at level 1 compresses and decompresses several times faster than DEFLATE and
 * stores less. Integers are unsigned LEB128 varints. Sequence numbers are implied: {@code firstSeq + i}.
 * <p>
 * Format 1 (still read): {@code DEFLATE(version=1 | count | baseTime | hostCount | hosts... | lines...)}, each line
 * its header followed by its UTF-8 bytes. A zlib stream always starts with {@code 0x78}, which tells the formats
 * apart.
 */
public final class ChunkCodec {

	/** The format {@link #encode(List)} writes. */
	static final int VERSION = 2;

	private static final int MAGIC_V2 = 0x02;

	/** Zstandard level 1: fastest, and still about a fifth of log text. */
	private static final int ZSTD_LEVEL = 1;

	private ChunkCodec() {
	}

	/**
	 * @param lines consecutive lines, at least one
	 * @return the compressed chunk (format 2)
	 */
	public static byte[] encode(List<OutputLine> lines) {
		if (lines.isEmpty()) {
			throw new IllegalArgumentException("a chunk holds at least one line");
		}
		Map<String, Integer> hosts = new LinkedHashMap<>();
		List<byte[]> hostNames = new ArrayList<>();
		for (OutputLine line : lines) {
			if (line.host() != null && !hosts.containsKey(line.host())) {
				hosts.put(line.host(), hosts.size() + 1);
				hostNames.add(line.host().getBytes(StandardCharsets.UTF_8));
			}
		}
		// The text goes straight into the scratch array behind room for the longest possible header, which is then
		// copied in front of it: no buffer of the chunk's size is allocated per chunk (at 1 MiB they were G1
		// humongous objects, and drove concurrent and full collections under -Xmx256m; issue 8).
		int headBound = 4 * 10 + 10 * (lines.size() + 1) * 3;
		for (byte[] name : hostNames) {
			headBound += 5 + name.length;
		}
		Buffer head = new Buffer(lines.size() * 6 + 64);
		head.varint(VERSION);
		head.varint(lines.size());
		long base = lines.get(0).timeMillis();
		head.varint(base);
		head.varint(hosts.size());
		for (byte[] name : hostNames) {
			head.bytes(name);
		}
		Scratch scratch = Scratch.take(headBound + 16 + lines.size() * 128);
		try {
			byte[] raw = scratch.raw;
			int position = headBound;
			long previous = base;
			String lastHost = null;
			int lastHostIndex = 0;
			for (OutputLine line : lines) {
				int flags = line.stream().ordinal() | (line.wrapped() ? 4 : 0) | (line.eol() ? 0 : 8);
				head.write(flags);
				long delta = line.timeMillis() - previous;
				head.varint((delta << 1) ^ (delta >> 63));
				previous = line.timeMillis();
				String host = line.host();
				if (host != lastHost) {
					// the lines of one host come in runs, all holding the same String: one map lookup per run
					lastHostIndex = (host != null) ? hosts.get(host) : 0;
					lastHost = host;
				}
				head.varint(lastHostIndex);
				// a line read as UTF-8 bytes is copied as it is, without a String or an encoding per line (issue 8)
				byte[] text = line.hasUtf8() ? null : line.text().getBytes(StandardCharsets.UTF_8);
				int length = (text != null) ? text.length : line.textBytes();
				head.varint(length);
				if (position + length + 1 > raw.length) {
					raw = scratch.growRaw(position + length + 1);
				}
				if (text != null) {
					System.arraycopy(text, 0, raw, position, length);
				}
				else {
					line.copyUtf8(raw, position);
				}
				position += length;
				if (line.eol()) {
					raw[position++] = '\n';
				}
			}
			if (head.size() > headBound) {
				throw new IllegalStateException("output chunk header exceeds its bound");
			}
			int rawStart = headBound - head.size();
			System.arraycopy(head.array(), 0, raw, rawStart, head.size());
			int rawLength = position - rawStart;
			Buffer header = new Buffer(16);
			header.write(MAGIC_V2);
			header.varint(rawLength);
			byte[] out = scratch.out((int) Zstd.compressBound(rawLength));
			long compressed = Zstd.compressByteArray(out, 0, out.length, raw, rawStart, rawLength, ZSTD_LEVEL);
			if (Zstd.isError(compressed)) {
				throw new IllegalStateException("compressing output failed: " + Zstd.getErrorName(compressed));
			}
			byte[] chunk = new byte[header.size() + (int) compressed];
			System.arraycopy(header.array(), 0, chunk, 0, header.size());
			System.arraycopy(out, 0, chunk, header.size(), (int) compressed);
			return chunk;
		}
		finally {
			scratch.release();
		}
	}

	/**
	 * @param firstSeq sequence number of the chunk's first line
	 * @param chunk bytes from {@link #encode(List)} (format 1 or 2)
	 * @return the lines, in order
	 * @throws IllegalStateException if the chunk is corrupt
	 */
	public static List<OutputLine> decode(long firstSeq, byte[] chunk) {
		Reader in = raw(chunk, null);
		int version = (int) in.varint();
		if (version == 1) {
			return decodeV1(firstSeq, in);
		}
		Layout layout = Layout.read(version, in);
		List<OutputLine> lines = new ArrayList<>(layout.count);
		long time = layout.baseTime;
		int offset = layout.textStart;
		for (int i = 0; i < layout.count; i++) {
			int flags = layout.flags[i];
			time += layout.timeDeltas[i];
			int length = layout.lengths[i];
			String text = new String(in.data, offset, length, StandardCharsets.UTF_8);
			offset += length + (((flags & 8) == 0) ? 1 : 0);
			lines.add(new OutputLine(firstSeq + i, time, StreamKind.ofOrdinal(flags & 3), layout.hosts[layout.hostIndex[i]],
					text, (flags & 4) != 0, (flags & 8) == 0));
		}
		return lines;
	}

	static List<OutputLine> decodeV1(long firstSeq, Reader in) {
		int count = (int) in.varint();
		long time = in.varint();
		int hostCount = (int) in.varint();
		String[] hosts = new String[hostCount + 1];
		for (int i = 1; i <= hostCount; i++) {
			hosts[i] = in.string();
		}
		List<OutputLine> lines = new ArrayList<>(count);
		for (int i = 0; i < count; i++) {
			int flags = in.read();
			long zigzag = in.varint();
			time += (zigzag >>> 1) ^ -(zigzag & 1);
			String host = hosts[(int) in.varint()];
			String text = in.string();
			lines.add(new OutputLine(firstSeq + i, time, StreamKind.ofOrdinal(flags & 3), host, text,
					(flags & 4) != 0, (flags & 8) == 0));
		}
		return lines;
	}

	/** The headers of a format 2 chunk, and where its text starts. */
	static final class Layout {

		int count;

		long baseTime;

		String[] hosts;

		int[] flags;

		long[] timeDeltas;

		int[] hostIndex;

		int[] lengths;

		int textStart;

		static Layout read(int version, Reader in) {
			if (version != VERSION) {
				throw new IllegalStateException("unknown output chunk version " + version);
			}
			Layout layout = new Layout();
			int count = (int) in.varint();
			if (count < 0 || count > in.limit) {
				throw new IllegalStateException("corrupt output chunk");
			}
			layout.count = count;
			layout.baseTime = in.varint();
			int hostCount = (int) in.varint();
			if (hostCount < 0 || hostCount > in.limit) {
				throw new IllegalStateException("corrupt output chunk");
			}
			layout.hosts = new String[hostCount + 1];
			for (int i = 1; i <= hostCount; i++) {
				layout.hosts[i] = in.string();
			}
			layout.flags = new int[count];
			layout.timeDeltas = new long[count];
			layout.hostIndex = new int[count];
			layout.lengths = new int[count];
			long textBytes = 0;
			for (int i = 0; i < count; i++) {
				int flags = in.read();
				layout.flags[i] = flags;
				long zigzag = in.varint();
				layout.timeDeltas[i] = (zigzag >>> 1) ^ -(zigzag & 1);
				long host = in.varint();
				long length = in.varint();
				if (host > hostCount || length > in.limit) {
					throw new IllegalStateException("corrupt output chunk");
				}
				layout.hostIndex[i] = (int) host;
				layout.lengths[i] = (int) length;
				textBytes += length + (((flags & 8) == 0) ? 1 : 0);
			}
			layout.textStart = in.position;
			if (in.position + textBytes != in.limit) {
				throw new IllegalStateException("truncated output chunk");
			}
			return layout;
		}

	}

	/**
	 * @param reuse a replay whose buffer the bytes may go into (kept for its next chunk), or {@code null} for an array of
	 * the exact size
	 * @return a reader over the uncompressed bytes of a chunk of either format
	 */
	static Reader raw(byte[] chunk, @Nullable TextReplay reuse) {
		if (chunk.length > 0 && (chunk[0] & 0xFF) == MAGIC_V2) {
			Reader header = new Reader(chunk);
			header.read();
			long length = header.varint();
			if (length < 0 || length > Integer.MAX_VALUE - 16) {
				throw new IllegalStateException("corrupt output chunk");
			}
			byte[] raw = (reuse != null) ? reuse.buffer((int) length) : new byte[(int) length];
			long n;
			try {
				n = Zstd.decompressByteArray(raw, 0, (int) length, chunk, header.position, chunk.length - header.position);
			}
			catch (RuntimeException ex) {
				throw new IllegalStateException("corrupt output chunk", ex);
			}
			if (Zstd.isError(n)) {
				throw new IllegalStateException("corrupt output chunk: " + Zstd.getErrorName(n));
			}
			if (n != length) {
				throw new IllegalStateException("truncated output chunk");
			}
			return new Reader(raw, (int) length);
		}
		return new Reader(inflate(chunk));
	}

	/** @return the inflated bytes of a format 1 chunk */
	private static byte[] inflate(byte[] compressed) {
		Inflater inflater = new Inflater();
		try {
			inflater.setInput(compressed);
			ByteArrayOutputStream out = new ByteArrayOutputStream(compressed.length * 4);
			byte[] buffer = new byte[16 * 1024];
			while (!inflater.finished()) {
				int n = inflater.inflate(buffer);
				if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
					throw new IllegalStateException("truncated output chunk");
				}
				out.write(buffer, 0, n);
			}
			return out.toByteArray();
		}
		catch (DataFormatException ex) {
			throw new IllegalStateException("corrupt output chunk", ex);
		}
		finally {
			inflater.end();
		}
	}

	/**
	 * Working arrays of {@link #encode}, reused: at most {@value #POOLED} are kept (there are two flusher threads),
	 * none above {@value #POOLED_MAX_BYTES} bytes.
	 */
	private static final class Scratch {

		static final int POOLED = 2;

		static final int POOLED_MAX_BYTES = 4 * 1024 * 1024;

		private static final java.util.concurrent.ConcurrentLinkedQueue<Scratch> POOL =
				new java.util.concurrent.ConcurrentLinkedQueue<>();

		private static final java.util.concurrent.atomic.AtomicInteger POOL_SIZE =
				new java.util.concurrent.atomic.AtomicInteger();

		byte[] raw = new byte[0];

		private byte[] out = new byte[0];

		static Scratch take(int rawBytes) {
			Scratch scratch = POOL.poll();
			if (scratch != null) {
				POOL_SIZE.decrementAndGet();
			}
			else {
				scratch = new Scratch();
			}
			if (scratch.raw.length < rawBytes) {
				scratch.raw = new byte[rawBytes];
			}
			return scratch;
		}

		/** @return a larger raw array holding what the current one held */
		byte[] growRaw(int needed) {
			raw = Arrays.copyOf(raw, Math.max(needed, raw.length + (raw.length >> 1)));
			return raw;
		}

		byte[] out(int bytes) {
			if (out.length < bytes) {
				out = new byte[bytes];
			}
			return out;
		}

		void release() {
			if (raw.length <= POOLED_MAX_BYTES && out.length <= POOLED_MAX_BYTES
					&& POOL_SIZE.incrementAndGet() <= POOLED) {
				POOL.offer(this);
			}
			else if (raw.length <= POOLED_MAX_BYTES && out.length <= POOLED_MAX_BYTES) {
				POOL_SIZE.decrementAndGet();
			}
		}

	}

	/**
	 * A growing byte array. Not a {@code ByteArrayOutputStream}: its {@code write} is {@code synchronized}, and the
	 * chunk header takes four to six writes per line (issue 8, fifth round).
	 */
	private static final class Buffer {

		private byte[] buf;

		private int count;

		Buffer(int size) {
			buf = new byte[size];
		}

		void write(int b) {
			if (count == buf.length) {
				buf = Arrays.copyOf(buf, Math.max(16, buf.length * 2));
			}
			buf[count++] = (byte) b;
		}

		void varint(long value) {
			while ((value & ~0x7FL) != 0) {
				write((int) ((value & 0x7F) | 0x80));
				value >>>= 7;
			}
			write((int) value);
		}

		void bytes(byte[] bytes) {
			varint(bytes.length);
			if (count + bytes.length > buf.length) {
				buf = Arrays.copyOf(buf, Math.max(count + bytes.length, buf.length * 2));
			}
			System.arraycopy(bytes, 0, buf, count, bytes.length);
			count += bytes.length;
		}

		int size() {
			return count;
		}

		byte[] array() {
			return buf;
		}

	}

	static final class Reader {

		final byte[] data;

		/** Bytes after this index are not part of the chunk (a reused buffer is larger). */
		final int limit;

		int position;

		Reader(byte[] data) {
			this(data, data.length);
		}

		Reader(byte[] data, int limit) {
			this.data = data;
			this.limit = limit;
		}

		int read() {
			if (position >= limit) {
				throw new IllegalStateException("truncated output chunk");
			}
			return data[position++] & 0xFF;
		}

		long varint() {
			long value = 0;
			int shift = 0;
			while (true) {
				int b = read();
				value |= (long) (b & 0x7F) << shift;
				if ((b & 0x80) == 0) {
					return value;
				}
				shift += 7;
				if (shift > 63) {
					throw new IllegalStateException("corrupt varint in output chunk");
				}
			}
		}

		String string() {
			int length = (int) varint();
			if (length < 0 || position + length > limit) {
				throw new IllegalStateException("truncated output chunk");
			}
			String text = new String(data, position, length, StandardCharsets.UTF_8);
			position += length;
			return text;
		}

		void skipString() {
			long length = varint();
			if (length < 0 || position + length > limit) {
				throw new IllegalStateException("truncated output chunk");
			}
			position += (int) length;
		}

	}

}
