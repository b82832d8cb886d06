package io.opsdeck.execution.internal;

import java.sql.Timestamp;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.opsdeck.execution.RunKind;
import io.opsdeck.execution.RunStatus;
import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/**
 * Every change of a run's status after creation, each one a single conditional {@code UPDATE} that succeeds only
 * from the expected state. The database is where the dispatcher, workers on every node, cancel requests and the
 * reaper meet; a lost race simply updates no row.
 */
@Repository
public class RunTransitions {

	private final JdbcTemplate jdbc;

	RunTransitions(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Claims the oldest queued run for this node ({@code FOR UPDATE SKIP LOCKED}: nodes never claim the same run).
	 * @return the claimed run's id, now {@code RUNNING}
	 */
	public Optional<UUID> claimNext(String nodeId) {
		List<UUID> ids = jdbc.queryForList("""
				update runs set status = 'RUNNING', node_id = ?, started_at = now(), heartbeat_at = now(),
				       version = version + 1
				 where id = (select id from runs where status = 'QUEUED' order by created_at
				             for update skip locked limit 1)
				returning id""", UUID.class, nodeId);
		return ids.stream().findFirst();
	}

	/**
	 * Ends a running run.
	 * @return the run's duration as recorded (its {@code started_at} to the {@code finished_at} set here), read by the
	 * same {@code UPDATE} ({@code RETURNING}), so that the caller announces the end without reading the run again
	 * (issue 8, fifteenth round: that read was one of the steps between a run's end and a waiting client's answer);
	 * empty when it was no longer running (a reaper may have marked it interrupted meanwhile)
	 */
	@Transactional
	public Optional<Duration> finish(UUID id, RunStatus status, @Nullable Integer exitCode, @Nullable String message,
			long lineCount, long outputBytes, @Nullable Long firstFailureSeq, List<HostResult> hosts) {
		List<Duration> ended = jdbc.query("""
				update runs set status = ?, finished_at = now(), exit_code = ?, message = ?, line_count = ?,
				       output_bytes = ?, first_failure_seq = ?, secret_parameters = null, version = version + 1
				 where id = ? and status = 'RUNNING'
				returning started_at, finished_at""",
				(rs, row) -> Run.duration(instant(rs.getTimestamp(1)), instant(rs.getTimestamp(2))), status.name(),
				exitCode, message, lineCount, outputBytes, firstFailureSeq, id);
		if (ended.isEmpty()) {
			return Optional.empty();
		}
		replaceHosts(id, hosts);
		return Optional.of(ended.get(0));
	}

	private static java.time.@Nullable Instant instant(@Nullable Timestamp timestamp) {
		return (timestamp != null) ? timestamp.toInstant() : null;
	}

	/**
	 * Adds to an ended run's message that its stored output has a gap, so that the run page and the API say so (the
	 * run page shows the message above the log): "Output incomplete: the database holds {@code storedLines} of
	 * {@code lines} lines ...". Chunks commit asynchronously, and a PostgreSQL crash during the run can lose the
	 * newest of them (docs/runs.md, "Crash safety"; issue 8, ninth round).
	 * @param storedLines lines the database holds
	 * @param lines lines the run printed
	 */
	public void noteIncompleteOutput(UUID id, long storedLines, long lines) {
		String note = "Output incomplete: the database holds " + storedLines + " of " + lines
				+ " lines; PostgreSQL crashed during the run and lost the newest ones before it.";
		jdbc.update("""
				update runs set message = case when coalesce(message, '') = '' then ? else message || ' ' || ? end,
				       version = version + 1
				 where id = ?""", note, note, id);
	}

	private void replaceHosts(UUID id, List<HostResult> hosts) {
		jdbc.update("delete from run_hosts where run_id = ?", id);
		List<Object[]> rows = new java.util.ArrayList<>(hosts.size());
		for (int position = 0; position < hosts.size(); position++) {
			HostResult host = hosts.get(position);
			HostResult.Counters c = host.counters();
			rows.add(new Object[] { id, position, host.host(), host.serverId(), host.status().name(), host.exitCode(),
					c.ok(), c.changed(), c.failed(), c.unreachable(), c.skipped(), c.rescued(), c.ignored(),
					host.message() });
		}
		jdbc.batchUpdate("""
				insert into run_hosts (run_id, position, host, server_id, status, exit_code, ok, changed, failed,
				                       unreachable, skipped, rescued, ignored, message)
				values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", rows);
	}

	/** Cancels a run that has not started. @return whether it was still queued */
	public boolean cancelQueued(UUID id, String by) {
		return jdbc.update("""
				update runs set status = 'CANCELLED', finished_at = now(), cancel_requested_at = now(),
				       cancel_requested_by = ?, message = ?, secret_parameters = null, version = version + 1
				 where id = ? and status = 'QUEUED'""", by, "Cancelled by " + by + " before it started", id) == 1;
	}

	/** Records a cancel request for a running run, for whichever node executes it. @return whether it is running */
	public boolean requestCancel(UUID id, String by) {
		return jdbc.update("""
				update runs set cancel_requested_at = coalesce(cancel_requested_at, now()),
				       cancel_requested_by = coalesce(cancel_requested_by, ?)
				 where id = ? and status = 'RUNNING'""", by, id) == 1;
	}

	/** @return the status as stored, if the run exists */
	public Optional<RunStatus> status(UUID id) {
		return jdbc.queryForList("select status from runs where id = ?", String.class, id)
			.stream()
			.findFirst()
			.map(RunStatus::valueOf);
	}

	/**
	 * Marks runs executing on this node as alive: only the ones this process executes, never runs left
	 * {@code RUNNING} by an earlier process with the same node id (they must become {@code INTERRUPTED}).
	 * @param nodeId this node
	 * @param runIds the runs this process executes (may be empty)
	 */
	public void heartbeat(String nodeId, Collection<UUID> runIds) {
		if (runIds.isEmpty()) {
			return;
		}
		jdbc.update(connection -> {
			var statement = connection.prepareStatement(
					"update runs set heartbeat_at = now() where node_id = ? and status = 'RUNNING' and id = any(?)");
			statement.setString(1, nodeId);
			statement.setArray(2, connection.createArrayOf("uuid", runIds.toArray()));
			return statement;
		});
	}

	/** Asks the database for nothing: tells whether it answers. */
	public void ping() {
		jdbc.queryForObject("select 1", Integer.class);
	}

	/** @return ids of runs on this node whose cancellation was requested, with who asked */
	public List<CancelRequest> cancelRequests(String nodeId) {
		return jdbc.query("""
				select id, cancel_requested_by from runs
				 where node_id = ? and status = 'RUNNING' and cancel_requested_at is not null""",
				(rs, n) -> new CancelRequest(rs.getObject(1, UUID.class), rs.getString(2)), nodeId);
	}

	/**
	 * Marks runs whose node stopped sending heartbeats as {@code INTERRUPTED}. Their stored output stays.
	 * @param staleAfter how long without a heartbeat counts as dead
	 * @return the runs marked
	 */
	public List<Interrupted> interruptStale(Duration staleAfter) {
		return jdbc.query(INTERRUPT.formatted("'Interrupted: node ' || coalesce(node_id, '?') || ' stopped while the run"
				+ " was in progress (no heartbeat for ' || ? || ' s)'",
				"status = 'RUNNING' and heartbeat_at < now() - make_interval(secs => ?)"), INTERRUPTED,
				staleAfter.toSeconds(), (double) staleAfter.toMillis() / 1000);
	}

	/**
	 * Marks the runs an earlier process of this node left {@code RUNNING} as {@code INTERRUPTED}, at start-up before
	 * this process claims anything: with a fixed {@code opsdeck.runs.node-id} a restarted node need not wait for
	 * {@code stale-after}.
	 * @param nodeId this node
	 * @return the runs marked
	 */
	public List<Interrupted> interruptLeftOver(String nodeId) {
		return jdbc.query(INTERRUPT.formatted("'Interrupted: node ' || node_id || ' restarted while the run was in"
				+ " progress'", "status = 'RUNNING' and node_id = ?"), INTERRUPTED, nodeId);
	}

	/**
	 * Marks the runs and, in the same statement, ends their hosts that were still {@code PENDING} (no result was
	 * stored before the node stopped) as {@code CANCELLED} with the run's message, as a graceful shutdown ends the
	 * hosts it stops: a finished run never shows a host that seems yet to start (breaker round 6, item 3).
	 * <p>
	 * The run ends at its last sign of life, the later of its last heartbeat and its last stored output chunk (never
	 * before its start, never after now), not when it was marked: its duration is what it ran, without the
	 * {@code stale-after} wait or the node's downtime (breaker round 7, item 3).
	 */
	private static final String INTERRUPT = """
			with marked as (
			  update runs r set status = 'INTERRUPTED', secret_parameters = null,
			         finished_at = least(now(), greatest(r.started_at, r.heartbeat_at,
			             (select max(c.created_at) from run_output_chunks c where c.run_id = r.id))),
			         message = %s,
			         line_count = coalesce((select max(c.last_seq) from run_output_chunks c where c.run_id = r.id), 0),
			         output_bytes = coalesce((select sum(c.text_bytes) from run_output_chunks c where c.run_id = r.id), 0),
			         version = version + 1
			   where %s
			  returning id, kind, environment, triggered_by, started_at, finished_at, message),
			hosts as (
			  update run_hosts h set status = 'CANCELLED', message = marked.message
			    from marked where h.run_id = marked.id and h.status = 'PENDING')
			select id, kind, environment, triggered_by, started_at, finished_at from marked""";

	private static final RowMapper<Interrupted> INTERRUPTED = (rs, n) -> {
		Timestamp started = rs.getTimestamp(5);
		Timestamp finished = rs.getTimestamp(6);
		return new Interrupted(rs.getObject(1, UUID.class), RunKind.valueOf(rs.getString(2)), rs.getString(3),
				rs.getString(4), (started != null && finished != null)
						? Duration.between(started.toInstant(), finished.toInstant()) : Duration.ZERO);
	};

	/**
	 * A run the reaper marked {@code INTERRUPTED}: what {@link io.opsdeck.execution.RunFinished} announces.
	 * @param id run id
	 * @param kind run kind
	 * @param environment environment name, or {@code null}
	 * @param triggeredBy {@code kind:name} of the actor
	 * @param duration from start to its last sign of life (heartbeat or stored output)
	 */
	public record Interrupted(UUID id, RunKind kind, @Nullable String environment, String triggeredBy,
			Duration duration) {
	}

	/** Who asked to cancel which run. */
	public record CancelRequest(UUID runId, String by) {
	}

}
