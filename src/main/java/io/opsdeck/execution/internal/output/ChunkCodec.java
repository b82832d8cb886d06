package io.opsdeck.execution.internal.output;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
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

	static final int MAGIC_V2 = 0x02;

	private ChunkCodec() {
	}

	/**
	 * @param lines consecutive lines, at least one
	 * @return the compressed chunk (format 2)
	 */
	public static byte[] encode(List<OutputLine> lines) {
		return ChunkEncoder.encode(lines);
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
