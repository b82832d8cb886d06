package io.opsdeck.execution.internal.output;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;

import javax.sql.DataSource;

import io.opsdeck.execution.internal.RunTransitions;
import io.opsdeck.support.IntegrationTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The chunk insert's asynchronous commit on real PostgreSQL: it stays the insert's own (the pooled connection that
 * then records a run's end still commits synchronously), and a run whose stored chunks fall short of its last line
 * is reported at its end ({@link OutputService#verifyStored}) and said in the run's message
 * ({@link RunTransitions#noteIncompleteOutput}).
 */
@IntegrationTest
class OutputStoreIntegrationTests {

	@Autowired
	OutputStore store;

	@Autowired
	OutputService outputs;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	DataSource dataSource;

	@Autowired
	TransactionTemplate transactions;

	@Autowired
	RunTransitions transitions;

	@Test
	void aChunkInsertTurnsSynchronousCommitOffForItsOwnTransactionOnly() throws SQLException {
		UUID run = runRow();
		try (Connection connection = dataSource.getConnection()) {
			JdbcTemplate sameConnection = new JdbcTemplate(new SingleConnectionDataSource(connection, true));
			OutputStore onConnection = new OutputStore(sameConnection, transactions);
			// the test cluster runs with synchronous_commit off (durable=false); this session turns it on as in production
			sameConnection.execute("set synchronous_commit = on");
			try {
				onConnection.append(run, OutputSamples.lines(1, 40));
				assertThat(sameConnection.queryForObject("show synchronous_commit", String.class))
					.as("after an insert in its own transaction").isEqualTo("on");
				connection.setAutoCommit(false);
				onConnection.append(run, OutputSamples.lines(41, 45));
				assertThat(sameConnection.queryForObject("show synchronous_commit", String.class))
					.as("inside the insert's transaction").isEqualTo("off");
				connection.commit();
				assertThat(sameConnection.queryForObject("show synchronous_commit", String.class))
					.as("after that transaction").isEqualTo("on");
			}
			finally {
				connection.setAutoCommit(true);
				sameConnection.execute("reset synchronous_commit");
			}
		}
		assertThat(store.readAfter(run, 0, 1000)).extracting(OutputLine::seq)
			.containsExactlyElementsOf(OutputSamples.lines(1, 45).stream().map(OutputLine::seq).toList());
	}

	@Test
	void aRunWhoseNewestChunkIsMissingIsReportedAtItsEnd() {
		UUID run = runRow();
		store.append(run, OutputSamples.lines(1, 100));
		store.append(run, OutputSamples.lines(101, 150));
		store.append(run, OutputSamples.lines(151, 152));
		assertThat(store.storedLines(run)).isEqualTo(152);
		assertThat(outputs.verifyStored(run, 152)).isTrue();
		jdbc.update("delete from run_output_chunks where run_id = ? and first_seq = 151", run);
		assertThat(store.storedLines(run)).isEqualTo(150);
		assertThat(outputs.verifyStored(run, 152)).isFalse();
		assertThat(outputs.missingLines(run, 152)).isEqualTo(2);
		assertThat(outputs.verifyStored(UUID.randomUUID(), 0)).as("a run without output").isTrue();
	}

	@Test
	void anIncompleteOutputIsSaidInTheRunsMessage() {
		UUID quiet = runRow();
		transitions.noteIncompleteOutput(quiet, 150, 152);
		assertThat(message(quiet)).isEqualTo("Output incomplete: the database holds 150 of 152 lines; PostgreSQL"
				+ " crashed during the run and lost the newest ones before it.");
		UUID failed = runRow();
		jdbc.update("update runs set status = 'FAILED', message = 'exit code 2' where id = ?", failed);
		transitions.noteIncompleteOutput(failed, 10, 12);
		assertThat(message(failed)).startsWith("exit code 2 Output incomplete: the database holds 10 of 12 lines;");
	}

	private String message(UUID run) {
		return jdbc.queryForObject("select message from runs where id = ?", String.class, run);
	}

	/** A finished run without output. */
	private UUID runRow() {
		return OutputSamples.finishedRun(jdbc);
	}

}
