package io.opsdeck.execution.internal.output;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * Encodes a run of consecutive output lines into one compressed chunk (one database row), and back. Storing chunks
 * rather than a row per line keeps a 100 MB log to a few hundred rows and well under one stored byte per output
 * byte.
 * <p>
 * Format (before DEFLATE): {@code version=1 | count | baseTime | hostCount | hosts... | lines...}; each line is
 * {@code flags(stream:2, wrapped, !eol) | zigzag time delta (ms) | host index (0 = none) | byte length | UTF-8
 * bytes}; integers are unsigned LEB128 varints. Sequence numbers are implied: {@code firstSeq + i}.
 */
public final class ChunkCodec {

	private static final int VERSION = 1;

	private ChunkCodec() {
	}

	/**
	 * @param lines consecutive lines, at least one
	 * @return the compressed chunk
	 */
	public static byte[] encode(List<OutputLine> lines) {
		if (lines.isEmpty()) {
			throw new IllegalArgumentException("a chunk holds at least one line");
		}
		Map<String, Integer> hosts = new LinkedHashMap<>();
		for (OutputLine line : lines) {
			if (line.host() != null) {
				hosts.putIfAbsent(line.host(), hosts.size() + 1);
			}
		}
		Buffer out = new Buffer(lines.size() * 64);
		out.varint(VERSION);
		out.varint(lines.size());
		long base = lines.get(0).timeMillis();
		out.varint(base);
		out.varint(hosts.size());
		for (String host : hosts.keySet()) {
			out.bytes(host.getBytes(StandardCharsets.UTF_8));
		}
		long previous = base;
		for (OutputLine line : lines) {
			int flags = line.stream().ordinal() | (line.wrapped() ? 4 : 0) | (line.eol() ? 0 : 8);
			out.write(flags);
			long delta = line.timeMillis() - previous;
			out.varint((delta << 1) ^ (delta >> 63));
			previous = line.timeMillis();
			out.varint((line.host() != null) ? hosts.get(line.host()) : 0);
			out.bytes(line.text().getBytes(StandardCharsets.UTF_8));
		}
		return deflate(out.toByteArray());
	}

	/**
	 * @param firstSeq sequence number of the chunk's first line
	 * @param chunk bytes from {@link #encode(List)}
	 * @return the lines, in order
	 * @throws IllegalStateException if the chunk is corrupt
	 */
	public static List<OutputLine> decode(long firstSeq, byte[] chunk) {
		Reader in = new Reader(inflate(chunk));
		int version = (int) in.varint();
		if (version != VERSION) {
			throw new IllegalStateException("unknown output chunk version " + version);
		}
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

	private static byte[] deflate(byte[] raw) {
		Deflater deflater = new Deflater(Deflater.BEST_SPEED);
		try {
			deflater.setInput(raw);
			deflater.finish();
			ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(64, raw.length / 4));
			byte[] buffer = new byte[16 * 1024];
			while (!deflater.finished()) {
				out.write(buffer, 0, deflater.deflate(buffer));
			}
			return out.toByteArray();
		}
		finally {
			deflater.end();
		}
	}

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

	private static final class Buffer extends ByteArrayOutputStream {

		Buffer(int size) {
			super(size);
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
			write(bytes, 0, bytes.length);
		}

	}

	private static final class Reader {

		private final byte[] data;

		private int position;

		Reader(byte[] data) {
			this.data = data;
		}

		int read() {
			if (position >= data.length) {
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
			if (length < 0 || position + length > data.length) {
				throw new IllegalStateException("truncated output chunk");
			}
			String text = new String(data, position, length, StandardCharsets.UTF_8);
			position += length;
			return text;
		}

	}

}
