package io.opsdeck.execution.internal.output;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
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
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * The log replay from PostgreSQL with chunks read ahead on another thread
 * ({@link ReadAheadReplay#writeText(UUID, long, boolean, OutputStream, java.util.concurrent.Executor)}): every line
 * once and in order, whatever chunk it starts in, and a client that goes away ends the read without keeping a
 * database connection.
 */
@IntegrationTest
class LogReplayIntegrationTests {

	@Autowired
	OutputStore store;

	@Autowired
	ReadAheadReplay replay;

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
		List<OutputLine> all = OutputSamples.lines(1, 30 * 137);
		for (boolean prefix : List.of(false, true)) {
			for (long after : new long[] { 0, 1, 136, 137, 138, 2000, 30 * 137 - 1, 30 * 137, 99_999 }) {
				ByteArrayOutputStream ahead = new ByteArrayOutputStream();
				long last = replay.writeText(run, after, prefix, ahead, reader);
				ByteArrayOutputStream inline = new ByteArrayOutputStream();
				store.writeText(run, after, prefix, inline);
				assertThat(ahead.toString(StandardCharsets.UTF_8)).as("prefix %s after %d", prefix, after)
					.isEqualTo(OutputSamples.rendered(all, after, prefix))
					.isEqualTo(inline.toString(StandardCharsets.UTF_8));
				assertThat(last).isEqualTo(Math.max(after, 30 * 137));
			}
		}
	}

	@Test
	void chunksOfBothFormatsAndEverySizeAreReadAheadAndWrittenInOrder() throws IOException {
		// one decompression buffer serves the whole replay: big chunks before small ones leave stale bytes behind, and
		// a format 1 chunk (a log stored across the format change) is inflated another way
		UUID run = runRow();
		long seq = 1;
		int[] sizes = { 3000, 40, 1, 700, 5, 2500, 2, 2 };
		for (int c = 0; c < sizes.length; c++) {
			List<OutputLine> lines = OutputSamples.lines(seq, seq + sizes[c] - 1);
			if (c == 2 || c == 6) {
				jdbc.update("insert into run_output_chunks (run_id, first_seq, last_seq, line_count, text_bytes, data,"
						+ " created_at) values (?, ?, ?, ?, 0, ?, now())", run, seq, seq + sizes[c] - 1, sizes[c],
						OutputSamples.encodeV1(lines));
			}
			else {
				store.append(run, lines);
			}
			seq += sizes[c];
		}
		List<OutputLine> all = OutputSamples.lines(1, seq - 1);
		for (boolean prefix : List.of(false, true)) {
			for (long after : new long[] { 0, 1, 3000, 3041, 3042, 3500, 3746, 6245, 6246, seq - 2, seq - 1 }) {
				ByteArrayOutputStream out = new ByteArrayOutputStream();
				long last = replay.writeText(run, after, prefix, out, reader);
				assertThat(out.toString(StandardCharsets.UTF_8)).as("prefix %s after %d", prefix, after)
					.isEqualTo(OutputSamples.rendered(all, after, prefix));
				assertThat(last).isEqualTo(Math.max(after, seq - 1));
			}
		}
	}

	@Test
	void aCorruptChunkEndsTheReplayWithAnErrorAndTheNextReplayStillWorks() throws IOException {
		UUID run = storedRun(6, 300);
		jdbc.update("update run_output_chunks set data = substring(data from 1 for octet_length(data) / 2)"
				+ " where run_id = ? and first_seq = 901", run);
		for (int i = 0; i < 12; i++) {
			ByteArrayOutputStream out = new ByteArrayOutputStream();
			assertThatIllegalStateException().isThrownBy(() -> replay.writeText(run, 0, false, out, reader));
			// the chunks before the corrupt one were written, whole
			assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(OutputSamples.rendered(
					OutputSamples.lines(1, 900), 0, false));
		}
		UUID intact = storedRun(3, 100);
		ByteArrayOutputStream whole = new ByteArrayOutputStream();
		assertThat(replay.writeText(intact, 0, false, whole, reader)).isEqualTo(300);
		assertThat(whole.toString(StandardCharsets.UTF_8))
			.isEqualTo(OutputSamples.rendered(OutputSamples.lines(1, 300), 0, false));
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
			assertThatIOException().isThrownBy(() -> replay.writeText(run, 0, false, failing, reader))
				.withMessage("client went away");
		}
		ByteArrayOutputStream whole = new ByteArrayOutputStream();
		assertThat(replay.writeText(run, 0, false, whole, reader)).isEqualTo(40 * 500);
		List<OutputLine> all = OutputSamples.lines(1, 40 * 500);
		assertThat(whole.toString(StandardCharsets.UTF_8)).isEqualTo(OutputSamples.rendered(all, 0, false));
	}

	/** A finished run with {@code chunks} stored chunks of {@code perChunk} lines each. */
	private UUID storedRun(int chunks, int perChunk) {
		UUID id = runRow();
		long seq = 1;
		for (int c = 0; c < chunks; c++) {
			store.append(id, OutputSamples.lines(seq, seq + perChunk - 1));
			seq += perChunk;
		}
		return id;
	}

	/** A finished run without output. */
	private UUID runRow() {
		return OutputSamples.finishedRun(jdbc);
	}

}
