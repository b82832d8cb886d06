package io.opsdeck.execution.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.opsdeck.execution.internal.output.OutputLine;
import io.opsdeck.execution.internal.output.OutputStore;
import io.opsdeck.execution.internal.output.ReplayCache;
import io.opsdeck.execution.internal.output.StreamKind;
import io.opsdeck.shared.NotFoundException;
import io.opsdeck.support.IntegrationTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link RunLogHeads}: the one statement the log endpoint reads before its first byte gives the same host prefix and
 * replay cache key as the run entity and {@link ReplayCache#key} (real PostgreSQL).
 */
@IntegrationTest
class RunLogHeadsTests {

	@Autowired
	RunLogHeads heads;

	@Autowired
	ReplayCache cache;

	@Autowired
	RunService runs;

	@Autowired
	OutputStore store;

	@Autowired
	JdbcTemplate jdbc;

	@Test
	void anEndedRunWithALogTheCacheKeepsHasTheCachesKey() {
		UUID run = insertRun("SUCCEEDED", 1);
		appendChunks(run, 3); // ~1.4 MB: above the cache's 1 MiB floor
		RunLogHeads.Head head = heads.of(run, true);
		assertThat(head.prefixHosts()).isFalse();
		assertThat(head.cacheKey()).isNotNull().isEqualTo(cache.key(run, false));
		assertThat(head.cacheKey().chunks()).isEqualTo(3);
		assertThat(head.cacheKey().lastSeq()).isEqualTo(24_000);
		// not the whole log (since=N, or no sendfile): no key
		assertThat(heads.of(run, false)).isEqualTo(new RunLogHeads.Head(false, null));
	}

	@Test
	void hostsPrefixLinesOnlyWhenThereIsMoreThanOne() {
		UUID two = insertRun("FAILED", 2);
		appendChunks(two, 3);
		assertThat(runs.get(two).getHosts()).hasSize(2);
		RunLogHeads.Head head = heads.of(two, true);
		assertThat(head.prefixHosts()).isTrue();
		assertThat(head.cacheKey()).isEqualTo(cache.key(two, true));
		assertThat(heads.of(insertRun("SUCCEEDED", 0), false).prefixHosts()).isFalse();
	}

	@Test
	void aRunThatHasNotEndedOrASmallLogHasNoKey() {
		UUID running = insertRun("RUNNING", 1);
		appendChunks(running, 3);
		assertThat(heads.of(running, true).cacheKey()).isNull();
		UUID small = insertRun("SUCCEEDED", 1);
		appendChunks(small, 1); // under 1 MiB
		assertThat(heads.of(small, true).cacheKey()).isNull();
		assertThat(heads.of(insertRun("CANCELLED", 1), true).cacheKey()).as("no output at all").isNull();
	}

	@Test
	void anUnknownRunIsNotFound() {
		UUID missing = UUID.randomUUID();
		assertThatThrownBy(() -> heads.of(missing, true)).isInstanceOf(NotFoundException.class);
		assertThatThrownBy(() -> heads.of(missing, false)).isInstanceOf(NotFoundException.class);
	}

	private UUID insertRun(String status, int hosts) {
		UUID run = UUID.randomUUID();
		jdbc.update("""
				insert into runs (id, kind, status, command, parameters, triggered_by, created_at, started_at, finished_at,
				                  timeout_seconds)
				values (?, 'SSH', ?, 'cat log', '{}', 'user:admin', now(), now(), now(), 3600)""", run, status);
		for (int i = 0; i < hosts; i++) {
			jdbc.update("insert into run_hosts (run_id, position, host, status) values (?, ?, ?, 'SUCCEEDED')", run, i,
					"web-" + i);
		}
		return run;
	}

	/** Stores {@code chunks} chunks of 8,000 lines of ~60 bytes from line 1. */
	private void appendChunks(UUID run, int chunks) {
		long seq = 1;
		for (int chunk = 0; chunk < chunks; chunk++) {
			List<OutputLine> lines = new ArrayList<>();
			for (int i = 0; i < 8000; i++, seq++) {
				String text = "2026-12-05T10:00:00Z INFO line " + seq + " " + "z".repeat(20);
				lines.add(new OutputLine(seq, 1_700_000_000_000L + seq, StreamKind.STDOUT, null, text, false, true));
			}
			store.append(run, lines);
		}
	}

}
