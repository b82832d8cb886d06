package io.opsdeck.execution.internal.output;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import io.opsdeck.support.IntegrationTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIOException;

/**
 * The log replay from PostgreSQL with chunks read ahead on another thread ({@link OutputStore#writeText(UUID, long,
 * boolean, OutputStream, java.util.concurrent.Executor)}): every line once and in order, whatever chunk it starts in,
 * and a client that goes away ends the read without keeping a database connection.
 */
@IntegrationTest
class LogReplayIntegrationTests {

	@Autowired
	OutputStore store;

	@Autowired
	JdbcTemplate jdbc;

	private final ExecutorService reader = Executors.newCachedThreadPool();

	@AfterEach
	void stopReader() {
		reader.shutdownNow();
	}

	@Test
	void aReplayReadAheadWritesEveryLineOnceInOrderFromAnyStart() throws IOException {
		UUID run = storedRun(30, 137);
		List<OutputLine> all = new ArrayList<>();
		for (int i = 0; i < 30 * 137; i++) {
			all.add(line(i + 1));
		}
		for (boolean prefix : List.of(false, true)) {
			for (long after : new long[] { 0, 1, 136, 137, 138, 2000, 30 * 137 - 1, 30 * 137, 99_999 }) {
				ByteArrayOutputStream ahead = new ByteArrayOutputStream();
				long last = store.writeText(run, after, prefix, ahead, reader);
				ByteArrayOutputStream inline = new ByteArrayOutputStream();
				store.writeText(run, after, prefix, inline);
				assertThat(ahead.toString(StandardCharsets.UTF_8)).as("prefix %s after %d", prefix, after)
					.isEqualTo(rendered(all, after, prefix))
					.isEqualTo(inline.toString(StandardCharsets.UTF_8));
				assertThat(last).isEqualTo(Math.max(after, 30 * 137));
			}
		}
	}

	@Test
	void clientsThatGoAwayMidReplayGiveTheirConnectionBack() throws IOException {
		UUID run = storedRun(40, 500);
		// more abandoned replays than the pool has connections: a reader that kept its connection would starve the rest
		for (int i = 0; i < 25; i++) {
			OutputStream failing = new OutputStream() {

				private int written;

				@Override
				public void write(int b) throws IOException {
					write(new byte[] { (byte) b }, 0, 1);
				}

				@Override
				public void write(byte[] b, int off, int len) throws IOException {
					written += len;
					if (written > 20_000) {
						throw new IOException("client went away");
					}
				}
			};
			assertThatIOException().isThrownBy(() -> store.writeText(run, 0, false, failing, reader))
				.withMessage("client went away");
		}
		ByteArrayOutputStream whole = new ByteArrayOutputStream();
		assertThat(store.writeText(run, 0, false, whole, reader)).isEqualTo(40 * 500);
		List<OutputLine> all = new ArrayList<>();
		for (int i = 0; i < 40 * 500; i++) {
			all.add(line(i + 1));
		}
		assertThat(whole.toString(StandardCharsets.UTF_8)).isEqualTo(rendered(all, 0, false));
	}

	/** A finished run with {@code chunks} stored chunks of {@code perChunk} lines each. */
	private UUID storedRun(int chunks, int perChunk) {
		UUID id = UUID.randomUUID();
		jdbc.update("""
				insert into runs (id, kind, status, command, parameters, triggered_by, created_at, started_at, finished_at,
				                  timeout_seconds)
				values (?, 'SSH', 'SUCCEEDED', 'cat log', '{}', 'user:admin', now(), now(), now(), 3600)""", id);
		long seq = 1;
		for (int c = 0; c < chunks; c++) {
			List<OutputLine> lines = new ArrayList<>();
			for (int i = 0; i < perChunk; i++, seq++) {
				lines.add(line(seq));
			}
			store.append(id, lines);
		}
		return id;
	}

	private static OutputLine line(long seq) {
		String host = (seq % 4 == 0) ? null : "web-" + (seq % 3);
		return new OutputLine(seq, Instant.parse("2026-12-05T10:00:00Z").toEpochMilli() + seq, StreamKind.STDOUT, host,
				"line " + seq + " " + "abcdef".repeat((int) (seq % 20)), false, seq % 11 != 0);
	}

	private static String rendered(List<OutputLine> lines, long afterSeq, boolean prefixHosts) {
		StringBuilder text = new StringBuilder();
		for (OutputLine line : lines) {
			if (line.seq() > afterSeq) {
				if (prefixHosts && line.host() != null) {
					text.append(line.host()).append(" | ");
				}
				text.append(line.text());
				if (line.eol()) {
					text.append('\n');
				}
			}
		}
		return text.toString();
	}

}
