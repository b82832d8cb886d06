package io.opsdeck.execution.internal;

import java.sql.Timestamp;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.opsdeck.execution.HostStatus;
import io.opsdeck.execution.RunStatus;
import io.opsdeck.support.IntegrationTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link RunTransitions#finish} on real PostgreSQL: it answers the duration it recorded, so that the worker announces
 * a run's end without reading the run again (issue 8, fifteenth round), and nothing for a run that no longer runs.
 */
@IntegrationTest
class RunTransitionsIntegrationTests {

	@Autowired
	RunTransitions transitions;

	@Autowired
	JdbcTemplate jdbc;

	@Test
	void finishAnswersTheDurationItRecorded() {
		UUID id = runningRun("1.25 seconds");
		Optional<Duration> ended = transitions.finish(id, RunStatus.SUCCEEDED, 0, null, 3, 42, null,
				List.of(HostResult.of("web-1", null, HostStatus.SUCCEEDED, 0, null)));
		Timestamp started = jdbc.queryForObject("select started_at from runs where id = ?", Timestamp.class, id);
		Timestamp finished = jdbc.queryForObject("select finished_at from runs where id = ?", Timestamp.class, id);
		assertThat(ended).contains(Duration.between(started.toInstant(), finished.toInstant()));
		assertThat(ended.get()).isGreaterThanOrEqualTo(Duration.ofMillis(1250));
		assertThat(jdbc.queryForObject("select status from runs where id = ?", String.class, id)).isEqualTo("SUCCEEDED");
		assertThat(jdbc.queryForList("select host from run_hosts where run_id = ?", String.class, id))
			.containsExactly("web-1");
	}

	@Test
	void finishAnswersNothingForARunThatNoLongerRuns() {
		UUID id = runningRun("1 second");
		jdbc.update("update runs set status = 'INTERRUPTED', finished_at = now() where id = ?", id);
		Optional<Duration> ended = transitions.finish(id, RunStatus.SUCCEEDED, 0, null, 3, 42, null,
				List.of(HostResult.of("web-1", null, HostStatus.SUCCEEDED, 0, null)));
		assertThat(ended).isEmpty();
		assertThat(jdbc.queryForObject("select status from runs where id = ?", String.class, id))
			.isEqualTo("INTERRUPTED");
		assertThat(jdbc.queryForList("select host from run_hosts where run_id = ?", String.class, id)).isEmpty();
	}

	/** @param ago how long ago it started, a PostgreSQL interval */
	private UUID runningRun(String ago) {
		UUID id = UUID.randomUUID();
		jdbc.update("""
				insert into runs (id, kind, status, command, parameters, triggered_by, created_at, started_at,
				                  timeout_seconds)
				values (?, 'SSH', 'RUNNING', 'true', '{}', 'user:admin', now() - ?::interval, now() - ?::interval, 3600)""",
				id, ago, ago);
		return id;
	}

}
