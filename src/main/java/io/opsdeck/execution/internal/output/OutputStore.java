package io.opsdeck.execution.internal.output;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;

import org.postgresql.PGStatement;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Run output in PostgreSQL: table {@code run_output_chunks}, one compressed row per flushed batch of lines
 * ({@link ChunkCodec}), keyed by run and first sequence number.
 */
@Repository
public class OutputStore {

	private static final int STREAM_FETCH_SIZE = 16;

	private final JdbcTemplate jdbc;

	private final TransactionTemplate readOnly;

	OutputStore(JdbcTemplate jdbc, TransactionTemplate transactions) {
		this.jdbc = jdbc;
		this.readOnly = new TransactionTemplate(transactions.getTransactionManager());
		this.readOnly.setReadOnly(true);
	}

	/**
	 * Stores consecutive lines as one chunk, committed without waiting for the disk ({@code synchronous_commit} off
	 * for this insert's transaction only; issue 8, ninth round): durable with the next synchronous commit or within
	 * PostgreSQL's {@code wal_writer_delay} cycles, see {@link OutputService#verifyStored}.
	 * @param runId run id
	 * @param lines at least one line, ordered, without gaps
	 */
	public void append(UUID runId, List<OutputLine> lines) {
		try (OutputChunk chunk = encode(runId, lines)) {
			insert(chunk);
		}
	}

	/**
	 * Compresses consecutive lines into a chunk for {@link #insert}, on the calling thread: the flusher compresses
	 * the next chunk while another thread inserts this one (issue 8, twelfth round).
	 * @param runId run id
	 * @param lines at least one line, ordered, without gaps
	 * @return the chunk, holding a pooled array until it is closed
	 */
	OutputChunk encode(UUID runId, List<OutputLine> lines) {
		return encode(runId, LineSource.of(lines), 0, lines.size());
	}

	/**
	 * {@link #encode(UUID, List)} of lines {@code [from, to)} of a source (the flusher's, which makes no object per
	 * line).
	 */
	OutputChunk encode(UUID runId, LineSource lines, int from, int to) {
		long textBytes = 0;
		for (int i = from; i < to; i++) {
			textBytes += lines.sizeOf(i);
		}
		return new OutputChunk(runId, lines.seq(from), lines.seq(to - 1), to - from, textBytes,
				ChunkEncoder.encodeHeld(lines, from, to));
	}

	/**
	 * Inserts a chunk from {@link #encode}, committed without waiting for the disk ({@code synchronous_commit} off
	 * for this insert's transaction only; issue 8, ninth round): durable with the next synchronous commit or within
	 * PostgreSQL's {@code wal_writer_delay} cycles, see {@link OutputService#verifyStored}. A chunk already stored
	 * (same run and first line) is left as it is.
	 */
	void insert(OutputChunk chunk) {
		// created_at is the database's statement_timestamp(): binding a java.sql.Timestamp made pgjdbc format it through
		// a GregorianCalendar per chunk, 15 of the flusher's 125 Java samples (issue 8, eighth round); unlike now(),
		// it is the insert's own time even inside a transaction
		// the insert commits asynchronously (synchronous_commit off for its own transaction only): it returns without
		// waiting for the WAL flush (an fsync per chunk, ~210 per 100 MB; issue 8, ninth round). WAL is written in
		// order, so any later synchronous commit on the cluster (the run's end, recorded by RunTransitions.finish, or
		// a heartbeat) makes every earlier chunk durable too; a clean PostgreSQL stop or restart also writes them
		// out. What an OS crash or a PostgreSQL crash (immediate stop) can lose is the chunks committed within the
		// last ~3 x wal_writer_delay (600 ms by default) before it, which are always the newest ones; see
		// OutputService#verifyStored for how a run's end detects such a gap.
		jdbc.update("insert into run_output_chunks (run_id, first_seq, last_seq, line_count, text_bytes, data, created_at)"
				+ " select ?, ?, ?, ?, ?, ?, statement_timestamp()"
				+ " from (select set_config('synchronous_commit', 'off', true)) as async_commit"
				+ " on conflict (run_id, first_seq) do nothing",
				(PreparedStatement ps) -> {
					ps.setObject(1, chunk.runId);
					ps.setLong(2, chunk.firstSeq);
					ps.setLong(3, chunk.lastSeq);
					ps.setInt(4, chunk.lineCount);
					ps.setLong(5, chunk.textBytes);
					// a stream of the pooled array, not setBytes: pgjdbc's setBytes copies the array first (issue 8:
					// ~20 MB per 100 MB run); the stream is read once, as the statement is sent
					ps.setBinaryStream(6, new ByteArrayInputStream(chunk.bytes(), 0, chunk.length()), chunk.length());
				});
	}

	/**
	 * @param runId run id
	 * @param afterSeq return lines with a greater sequence number
	 * @param maxLines at most this many
	 * @return the lines, ascending
	 */
	public List<OutputLine> readAfter(UUID runId, long afterSeq, int maxLines) {
		List<OutputLine> result = new ArrayList<>();
		long cursor = afterSeq;
		while (result.size() < maxLines) {
			List<byte[]> chunks = new ArrayList<>();
			List<Long> firsts = new ArrayList<>();
			queryChunks("last_seq > ? order by first_seq limit 2", runId, cursor, 0, (firstSeq, data) -> {
				firsts.add(firstSeq);
				chunks.add(data);
			});
			if (chunks.isEmpty()) {
				break;
			}
			for (int i = 0; i < chunks.size() && result.size() < maxLines; i++) {
				for (OutputLine line : ChunkCodec.decode(firsts.get(i), chunks.get(i))) {
					if (line.seq() > cursor && result.size() < maxLines) {
						result.add(line);
					}
				}
				cursor = result.isEmpty() ? cursor : result.get(result.size() - 1).seq();
			}
		}
		return result;
	}

	/**
	 * @param runId run id
	 * @param beforeSeq return lines with a smaller sequence number
	 * @param maxLines at most this many, the ones closest to {@code beforeSeq}
	 * @return the lines, ascending
	 */
	public List<OutputLine> readBefore(UUID runId, long beforeSeq, int maxLines) {
		List<OutputLine> collected = new ArrayList<>();
		long cursor = beforeSeq;
		while (collected.size() < maxLines && cursor > 1) {
			List<OutputLine> block = new ArrayList<>();
			long bound = cursor;
			queryChunks("first_seq < ? order by first_seq desc limit 1", runId, bound, 0, (firstSeq, data) -> {
				for (OutputLine line : ChunkCodec.decode(firstSeq, data)) {
					if (line.seq() < bound) {
						block.add(line);
					}
				}
			});
			if (block.isEmpty()) {
				break;
			}
			int take = Math.min(block.size(), maxLines - collected.size());
			collected.addAll(0, block.subList(block.size() - take, block.size()));
			cursor = block.get(0).seq();
		}
		return collected;
	}

	/**
	 * Visits every stored line after {@code afterSeq} in order, streaming chunk by chunk so a 100 MB log never sits in
	 * memory at once.
	 * @param runId run id
	 * @param afterSeq start after this sequence number
	 * @param visitor called per line; returning {@code false} stops the walk
	 * @return the sequence number of the last line visited, or {@code afterSeq} if none
	 */
	public long forEach(UUID runId, long afterSeq, Predicate<OutputLine> visitor) {
		long[] last = { afterSeq };
		boolean[] stop = { false };
		streamChunks(runId, afterSeq, (firstSeq, data) -> {
			if (stop[0]) {
				return;
			}
			for (OutputLine line : ChunkCodec.decode(firstSeq, data)) {
				if (line.seq() <= afterSeq) {
					continue;
				}
				last[0] = line.seq();
				if (!visitor.test(line)) {
					stop[0] = true;
					return;
				}
			}
		});
		return last[0];
	}

	/**
	 * Writes every stored line after {@code afterSeq} as plain text ({@link TextReplay}), chunk by chunk:
	 * the bytes of a chunk go from the database to {@code out} without a line being decoded, through one
	 * decompression buffer for the whole replay. {@link ReadAheadReplay} does the same with the reading on another
	 * thread.
	 * @param prefixHosts whether to prefix lines that have a host with {@code host | }
	 * @return the sequence number of the last line written, or {@code afterSeq} if none
	 * @throws IOException from {@code out}
	 */
	public long writeText(UUID runId, long afterSeq, boolean prefixHosts, OutputStream out) throws IOException {
		long[] last = { afterSeq };
		TextReplay replay = new TextReplay();
		try {
			streamChunks(runId, afterSeq, (firstSeq, data) -> {
				try {
					last[0] = Math.max(last[0], replay.write(firstSeq, data, last[0], prefixHosts, out));
				}
				catch (IOException ex) {
					throw new UncheckedIOException(ex);
				}
			});
		}
		catch (UncheckedIOException ex) {
			throw ex.getCause();
		}
		return last[0];
	}

	interface ChunkVisitor {

		void chunk(long firstSeq, byte[] data);

	}

	/** Streams the chunks holding lines after {@code afterSeq}, in order, a few rows at a time. */
	void streamChunks(UUID runId, long afterSeq, ChunkVisitor visitor) {
		readOnly.executeWithoutResult(status -> queryChunks("last_seq > ? order by first_seq", runId, afterSeq,
				STREAM_FETCH_SIZE, visitor));
	}

	/**
	 * Visits {@code first_seq, data} of the run's chunks matching {@code condition} (one {@code ?}, bound to
	 * {@code seq}), with {@code bytea} in binary.
	 * @param fetchSize rows per round trip ({@code 0}: the driver's default, all at once)
	 */
	private void queryChunks(String condition, UUID runId, long seq, int fetchSize, ChunkVisitor visitor) {
		jdbc.query(connection -> {
			PreparedStatement statement = binary(connection.prepareStatement(
					"select first_seq, data from run_output_chunks where run_id = ? and " + condition));
			statement.setObject(1, runId);
			statement.setLong(2, seq);
			statement.setFetchSize(fetchSize);
			return statement;
		}, (ResultSet rs) -> {
			visitor.chunk(rs.getLong(1), rs.getBytes(2));
		});
	}

	/**
	 * Has PostgreSQL send {@code bytea} in binary: by default the driver asks for text, which doubles the bytes on
	 * the wire and costs a hex decode of every chunk.
	 */
	private static PreparedStatement binary(PreparedStatement statement) throws SQLException {
		if (statement.isWrapperFor(PGStatement.class)) {
			statement.unwrap(PGStatement.class).setPrepareThreshold(-1);
		}
		return statement;
	}

	/** @return the highest stored sequence number of the run, 0 when nothing is stored */
	public long lastSeq(UUID runId) {
		Long value = jdbc.queryForObject("select max(last_seq) from run_output_chunks where run_id = ?", Long.class,
				runId);
		return (value != null) ? value : 0;
	}

	/** @return the number of lines the run's stored chunks hold ({@code 0} when none) */
	public long storedLines(UUID runId) {
		Long value = jdbc.queryForObject("select coalesce(sum(line_count), 0) from run_output_chunks where run_id = ?",
				Long.class, runId);
		return (value != null) ? value : 0;
	}

	/** @return {@code [lines, text bytes, stored bytes]} of the run's stored output */
	public long[] totals(UUID runId) {
		return jdbc.queryForObject(
				"select coalesce(sum(line_count), 0), coalesce(sum(text_bytes), 0), coalesce(sum(octet_length(data)), 0)"
						+ " from run_output_chunks where run_id = ?",
				(rs, n) -> new long[] { rs.getLong(1), rs.getLong(2), rs.getLong(3) }, runId);
	}

}
