package io.opsdeck.health.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import io.opsdeck.health.CheckResult;
import io.opsdeck.health.HealthCheck;
import io.opsdeck.health.HealthStatus;
import io.opsdeck.health.HealthThresholds;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The health tables ({@code V14__health.sql}) through plain SQL: thresholds, health-check runs, stored results with
 * one row per check.
 */
@Repository
class HealthStore {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final TypeReference<List<String>> LINES = new TypeReference<>() {
	};

	/** The largest report kept as {@code jsonb}, characters; a larger one is stored without its raw report. */
	static final int MAX_REPORT = 256 * 1024;

	private final JdbcClient jdbc;

	HealthStore(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** Thresholds as stored, with who changed them last. */
	record StoredThresholds(HealthThresholds thresholds, Instant updatedAt, String updatedBy) {
	}

	/** A health-check run: who launched it is not stored here, the run has it. */
	record HealthRun(UUID runId, String environment, @Nullable UUID serverId, @Nullable HealthThresholds thresholds,
			@Nullable Instant processedAt) {
	}

	/** A stored result of one server. */
	record StoredResult(UUID id, UUID runId, UUID serverId, HealthStatus status, List<String> reasons,
			Instant checkedAt, Map<String, CheckResult> checks) {
	}

	/** A gauge row: the latest status of one check of one server. */
	record Gauge(String server, String environment, String check, HealthStatus status) {
	}

	Optional<StoredThresholds> thresholds(UUID environmentId) {
		return jdbc.sql("select * from health_thresholds where environment_id = ?")
			.param(environmentId)
			.query((rs, n) -> new StoredThresholds(new HealthThresholds(rs.getDouble("disk_warn_percent"),
					rs.getDouble("disk_critical_percent"), rs.getDouble("memory_warn_percent"),
					rs.getDouble("load_warn_per_cpu"), rs.getDouble("load_critical_per_cpu")),
					instant(rs, "updated_at"), rs.getString("updated_by")))
			.optional();
	}

	void saveThresholds(UUID environmentId, HealthThresholds t, String updatedBy, Instant at) {
		jdbc.sql("""
				insert into health_thresholds (environment_id, disk_warn_percent, disk_critical_percent,
				    memory_warn_percent, load_warn_per_cpu, load_critical_per_cpu, updated_at, updated_by)
				values (?, ?, ?, ?, ?, ?, ?, ?)
				on conflict (environment_id) do update set disk_warn_percent = excluded.disk_warn_percent,
				    disk_critical_percent = excluded.disk_critical_percent,
				    memory_warn_percent = excluded.memory_warn_percent, load_warn_per_cpu = excluded.load_warn_per_cpu,
				    load_critical_per_cpu = excluded.load_critical_per_cpu, updated_at = excluded.updated_at,
				    updated_by = excluded.updated_by
				""")
			.params(environmentId, t.diskWarnPercent(), t.diskCriticalPercent(), t.memoryWarnPercent(),
					t.loadWarnPerCpu(), t.loadCriticalPerCpu(), Timestamp.from(at), updatedBy)
			.update();
	}

	/** Records a health-check run not yet processed; a run already recorded is left as it is. */
	void recordRun(UUID runId, String environment, @Nullable UUID serverId, @Nullable HealthThresholds thresholds,
			Instant createdAt) {
		jdbc.sql("""
				insert into health_runs (run_id, environment, server_id, thresholds, created_at)
				values (?, ?, ?, cast(? as jsonb), ?) on conflict (run_id) do nothing
				""")
			.params(runId, environment, serverId, (thresholds != null) ? JSON.writeValueAsString(thresholds) : null,
					Timestamp.from(createdAt))
			.update();
	}

	Optional<HealthRun> findRun(UUID runId) {
		return jdbc.sql("select * from health_runs where run_id = ?")
			.param(runId)
			.query((rs, n) -> new HealthRun(rs.getObject("run_id", UUID.class), rs.getString("environment"),
					rs.getObject("server_id", UUID.class),
					(rs.getString("thresholds") != null)
							? JSON.readValue(rs.getString("thresholds"), HealthThresholds.class) : null,
					instant(rs, "processed_at")))
			.optional();
	}

	/** @return ids of health-check runs whose results are not stored yet, oldest first */
	List<UUID> openRuns() {
		return jdbc.sql("select run_id from health_runs where processed_at is null order by created_at")
			.query(UUID.class)
			.list();
	}

	/** @return which of these runs are recorded */
	Set<UUID> knownRuns(Collection<UUID> runIds) {
		if (runIds.isEmpty()) {
			return Set.of();
		}
		return new HashSet<>(jdbc.sql("select run_id from health_runs where run_id in (:ids)")
			.param("ids", runIds)
			.query(UUID.class)
			.list());
	}

	/**
	 * Marks a run processed, in the transaction that stores its results: the row lock makes a second node wait,
	 * then find it done.
	 * @return whether this call claimed it
	 */
	boolean claim(UUID runId, Instant now) {
		return jdbc.sql("update health_runs set processed_at = ? where run_id = ? and processed_at is null")
			.params(Timestamp.from(now), runId)
			.update() == 1;
	}

	/** @return the overall status of the server's newest stored result, if any */
	Optional<HealthStatus> latestStatus(UUID serverId) {
		return jdbc.sql("select status from health_results where server_id = ? order by checked_at desc limit 1")
			.param(serverId)
			.query((rs, n) -> HealthStatus.valueOf(rs.getString("status")))
			.optional();
	}

	void saveResult(UUID runId, UUID serverId, HealthStatus status, List<String> reasons, @Nullable String report,
			Instant checkedAt, Map<HealthCheck, CheckResult> checks) {
		UUID id = UUID.randomUUID();
		int inserted = jdbc.sql("""
				insert into health_results (id, run_id, server_id, status, reasons, report, checked_at)
				values (?, ?, ?, ?, cast(? as jsonb), cast(? as jsonb), ?) on conflict (run_id, server_id) do nothing
				""")
			.params(id, runId, serverId, status.name(), JSON.writeValueAsString(reasons),
					(report != null && report.length() <= MAX_REPORT) ? report : null, Timestamp.from(checkedAt))
			.update();
		if (inserted == 0) {
			return;
		}
		checks.forEach((check, result) -> jdbc
			.sql("insert into health_check_results (result_id, check_name, status, detail) values (?, ?, ?, ?)")
			.params(id, check.value(), result.status().name(), result.detail())
			.update());
	}

	/** @return the newest result of each of these servers that has one, by server id */
	Map<UUID, StoredResult> latest(Collection<UUID> serverIds) {
		if (serverIds.isEmpty()) {
			return Map.of();
		}
		List<StoredResult> rows = withChecks(jdbc.sql("""
				select distinct on (server_id) * from health_results where server_id in (:ids)
				order by server_id, checked_at desc, id
				""").param("ids", serverIds).query(this::result).list());
		Map<UUID, StoredResult> latest = new LinkedHashMap<>();
		rows.forEach(row -> latest.put(row.serverId(), row));
		return latest;
	}

	/** @return the server's results, newest first */
	List<StoredResult> history(UUID serverId, int limit) {
		return withChecks(jdbc.sql("select * from health_results where server_id = ? order by checked_at desc, id limit ?")
			.params(serverId, limit)
			.query(this::result)
			.list());
	}

	/**
	 * Deletes results checked before a time, except each server's newest.
	 * @return how many results were deleted
	 */
	int prune(Instant before) {
		int results = jdbc.sql("""
				delete from health_results r where r.checked_at < ?
				and r.id <> (select n.id from health_results n where n.server_id = r.server_id
				             order by n.checked_at desc, n.id limit 1)
				""").param(Timestamp.from(before)).update();
		jdbc.sql("delete from health_runs where processed_at < ?").param(Timestamp.from(before)).update();
		return results;
	}

	/** @return the latest status of every check of every checked server, with server and environment names */
	List<Gauge> gauges() {
		return jdbc.sql("""
				select s.name as server, e.name as environment, c.check_name, c.status
				from (select distinct on (server_id) id, server_id from health_results
				      order by server_id, checked_at desc, id) r
				join health_check_results c on c.result_id = r.id
				join servers s on s.id = r.server_id join environments e on e.id = s.environment_id
				""")
			.query((rs, n) -> new Gauge(rs.getString("server"), rs.getString("environment"),
					rs.getString("check_name"), HealthStatus.valueOf(rs.getString("status"))))
			.list();
	}

	private List<StoredResult> withChecks(List<StoredResult> results) {
		if (results.isEmpty()) {
			return results;
		}
		Map<UUID, Map<String, CheckResult>> checks = new LinkedHashMap<>();
		jdbc.sql("select result_id, check_name, status, detail from health_check_results where result_id in (:ids)")
			.param("ids", results.stream().map(StoredResult::id).toList())
			.query(rs -> {
				checks.computeIfAbsent(rs.getObject("result_id", UUID.class), id -> new LinkedHashMap<>())
					.put(rs.getString("check_name"),
							new CheckResult(HealthStatus.valueOf(rs.getString("status")), rs.getString("detail")));
			});
		return results.stream()
			.map(r -> new StoredResult(r.id(), r.runId(), r.serverId(), r.status(), r.reasons(), r.checkedAt(),
					ordered(checks.getOrDefault(r.id(), Map.of()))))
			.toList();
	}

	private static Map<String, CheckResult> ordered(Map<String, CheckResult> checks) {
		Map<String, CheckResult> ordered = new LinkedHashMap<>();
		for (HealthCheck check : HealthCheck.values()) {
			CheckResult result = checks.get(check.value());
			if (result != null) {
				ordered.put(check.value(), result);
			}
		}
		return ordered;
	}

	private StoredResult result(ResultSet rs, int row) throws SQLException {
		return new StoredResult(rs.getObject("id", UUID.class), rs.getObject("run_id", UUID.class),
				rs.getObject("server_id", UUID.class), HealthStatus.valueOf(rs.getString("status")),
				JSON.readValue(rs.getString("reasons"), LINES), instant(rs, "checked_at"), Map.of());
	}

	private static Instant instant(ResultSet rs, String column) throws SQLException {
		OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
		return (value != null) ? value.toInstant() : null;
	}

}
