package io.opsdeck.execution.internal.output;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.Deflater;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Test data shared by the chunk and replay tests: made-up lines, the text a replay must write for them, chunks in
 * the old format 1, and a run row for stored chunks to belong to.
 */
final class OutputSamples {

	private OutputSamples() {
	}

	/**
	 * Inserts a finished SSH run without output (the chunk store's tests need only the foreign key).
	 * @return its id
	 */
	static UUID finishedRun(JdbcTemplate jdbc) {
		UUID id = UUID.randomUUID();
		jdbc.update("""
				insert into runs (id, kind, status, command, parameters, triggered_by, created_at, started_at, finished_at,
				                  timeout_seconds)
				values (?, 'SSH', 'SUCCEEDED', 'cat log', '{}', 'user:admin', now(), now(), now(), 3600)""", id);
		return id;
	}


	/**
	 * Line {@code seq} of a made-up multi-host log: most lines have one of two hosts, every third none; lengths vary,
	 * and every seventh line has no line feed after it.
	 */
	static OutputLine line(long seq) {
		String host = (seq % 3 == 0) ? null : "web-" + (seq % 2);
		return new OutputLine(seq, 1_700_000_000_000L + seq, StreamKind.STDOUT, host,
				"line " + seq + " " + "x".repeat((int) (seq % 50)), false, seq % 7 != 0);
	}

	/** @return lines {@code from} to {@code to}, both included ({@link #line}) */
	static List<OutputLine> lines(long from, long to) {
		List<OutputLine> lines = new ArrayList<>();
		for (long seq = from; seq <= to; seq++) {
			lines.add(line(seq));
		}
		return lines;
	}

	/** What the log replay wrote before format 2: the lines rendered one by one, after {@code afterSeq}. */
	static String rendered(List<OutputLine> lines, long afterSeq, boolean prefixHosts) {
		StringBuilder text = new StringBuilder();
		for (OutputLine line : lines) {
			if (line.seq() > afterSeq) {
				if (prefixHosts && line.host() != null) {
					text.append(line.host()).append(" | ");
				}
				text.append(line.original());
			}
		}
		return text.toString();
	}

	/** The format 1 encoder as it was before issue 8, to prove chunks stored by it still read. */
	static byte[] encodeV1(List<OutputLine> lines) {
		Map<String, Integer> hosts = new LinkedHashMap<>();
		for (OutputLine line : lines) {
			if (line.host() != null) {
				hosts.putIfAbsent(line.host(), hosts.size() + 1);
			}
		}
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		varint(out, 1);
		varint(out, lines.size());
		long base = lines.get(0).timeMillis();
		varint(out, base);
		varint(out, hosts.size());
		for (String host : hosts.keySet()) {
			bytes(out, host.getBytes(StandardCharsets.UTF_8));
		}
		long previous = base;
		for (OutputLine line : lines) {
			out.write(line.stream().ordinal() | (line.wrapped() ? 4 : 0) | (line.eol() ? 0 : 8));
			long delta = line.timeMillis() - previous;
			varint(out, (delta << 1) ^ (delta >> 63));
			previous = line.timeMillis();
			varint(out, (line.host() != null) ? hosts.get(line.host()) : 0);
			bytes(out, line.text().getBytes(StandardCharsets.UTF_8));
		}
		byte[] raw = out.toByteArray();
		Deflater deflater = new Deflater(Deflater.BEST_SPEED);
		deflater.setInput(raw);
		deflater.finish();
		ByteArrayOutputStream compressed = new ByteArrayOutputStream();
		byte[] buffer = new byte[4096];
		while (!deflater.finished()) {
			compressed.write(buffer, 0, deflater.deflate(buffer));
		}
		deflater.end();
		return compressed.toByteArray();
	}

	private static void varint(ByteArrayOutputStream out, long value) {
		while ((value & ~0x7FL) != 0) {
			out.write((int) ((value & 0x7F) | 0x80));
			value >>>= 7;
		}
		out.write((int) value);
	}

	private static void bytes(ByteArrayOutputStream out, byte[] bytes) {
		varint(out, bytes.length);
		out.write(bytes, 0, bytes.length);
	}

}
