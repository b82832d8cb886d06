package io.opsdeck.execution.internal.output;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Writes the text of chunks ({@link ChunkCodec}) read one after another, a log replay: each line as it appeared,
 * prefixed with {@code host | } when asked and the line has a host. For format 2 the bytes go from the decompressed
 * chunk straight to the output, without decoding a line. Each chunk is decompressed into one buffer that this keeps
 * for the next chunk: a fresh buffer per chunk would be a 1 MiB array per chunk, which G1 allocates as a humongous
 * object under a small heap (and starts a concurrent marking cycle for). Also skips the per-line headers without
 * materialising them when no line needs a prefix. Not thread-safe: one per replay.
 */
public final class TextReplay {

	private byte[] buffer = new byte[0];

	/**
	 * @param firstSeq sequence number of the chunk's first line
	 * @param chunk bytes from {@link ChunkCodec#encode(List)} (format 1 or 2)
	 * @param afterSeq lines up to this one are skipped
	 * @param prefixHosts whether to prefix lines that have a host with {@code host | }
	 * @param out where the text goes
	 * @return the sequence number of the last line written, or {@code afterSeq} if none
	 * @throws IOException from {@code out}
	 * @throws IllegalStateException if the chunk is corrupt
	 */
	public long write(long firstSeq, byte[] chunk, long afterSeq, boolean prefixHosts, OutputStream out)
			throws IOException {
		ChunkCodec.Reader in = ChunkCodec.raw(chunk, this);
		int version = (int) in.varint();
		if (version == 1) {
			long last = afterSeq;
			for (OutputLine line : ChunkCodec.decodeV1(firstSeq, in)) {
				if (line.seq() > afterSeq) {
					if (prefixHosts && line.host() != null) {
						out.write((line.host() + " | ").getBytes(StandardCharsets.UTF_8));
					}
					out.write(line.text().getBytes(StandardCharsets.UTF_8));
					if (line.eol()) {
						out.write('\n');
					}
					last = line.seq();
				}
			}
			return last;
		}
		if (!prefixHosts) {
			return writePlain(firstSeq, in, version, afterSeq, out);
		}
		ChunkCodec.Layout layout = ChunkCodec.Layout.read(version, in);
		int skip = (int) Math.max(0, Math.min(layout.count, afterSeq - firstSeq + 1));
		if (skip == layout.count) {
			return afterSeq;
		}
		int offset = layout.textStart;
		for (int i = 0; i < skip; i++) {
			offset += layout.lengths[i] + (((layout.flags[i] & 8) == 0) ? 1 : 0);
		}
		boolean anyHost = false;
		for (int i = skip; i < layout.count && !anyHost; i++) {
			anyHost = layout.hostIndex[i] != 0;
		}
		if (!anyHost) {
			out.write(in.data, offset, in.limit - offset);
			return firstSeq + layout.count - 1;
		}
		byte[][] prefixes = new byte[layout.hosts.length][];
		for (int h = 1; h < layout.hosts.length; h++) {
			prefixes[h] = (layout.hosts[h] + " | ").getBytes(StandardCharsets.UTF_8);
		}
		for (int i = skip; i < layout.count; i++) {
			int length = layout.lengths[i] + (((layout.flags[i] & 8) == 0) ? 1 : 0);
			if (layout.hostIndex[i] != 0) {
				out.write(prefixes[layout.hostIndex[i]]);
			}
			out.write(in.data, offset, length);
			offset += length;
		}
		return firstSeq + layout.count - 1;
	}

	/**
	 * Format 2 without prefixes: walks the line headers only to find where the text of the first line after
	 * {@code afterSeq} starts (and that the text block is as long as they say), then writes the rest as it is.
	 */
	private static long writePlain(long firstSeq, ChunkCodec.Reader in, int version, long afterSeq, OutputStream out)
			throws IOException {
		if (version != ChunkCodec.VERSION) {
			throw new IllegalStateException("unknown output chunk version " + version);
		}
		int count = (int) in.varint();
		if (count < 0 || count > in.limit) {
			throw new IllegalStateException("corrupt output chunk");
		}
		in.varint(); // base time
		long hostCount = in.varint();
		if (hostCount < 0 || hostCount > in.limit) {
			throw new IllegalStateException("corrupt output chunk");
		}
		for (long i = 0; i < hostCount; i++) {
			in.skipString();
		}
		int skip = (int) Math.max(0, Math.min(count, afterSeq - firstSeq + 1));
		long textBytes = 0;
		long skipped = 0;
		for (int i = 0; i < count; i++) {
			int flags = in.read();
			in.varint(); // time delta
			long host = in.varint();
			long length = in.varint();
			if (host > hostCount || length > in.limit) {
				throw new IllegalStateException("corrupt output chunk");
			}
			textBytes += length + (((flags & 8) == 0) ? 1 : 0);
			if (i + 1 == skip) {
				skipped = textBytes;
			}
		}
		if (in.position + textBytes != in.limit) {
			throw new IllegalStateException("truncated output chunk");
		}
		if (skip == count) {
			return afterSeq;
		}
		int offset = (int) (in.position + skipped);
		out.write(in.data, offset, in.limit - offset);
		return firstSeq + count - 1;
	}

	/** @return this replay's decompression buffer, at least {@code length} bytes (its content is undefined) */
	byte[] buffer(int length) {
		if (buffer.length < length) {
			buffer = new byte[Math.max(length, buffer.length + (buffer.length >> 2))];
		}
		return buffer;
	}

}
