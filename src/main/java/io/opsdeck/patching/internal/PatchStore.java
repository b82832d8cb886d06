package io.opsdeck.patching.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.opsdeck.patching.PatchMode;
import io.opsdeck.patching.PatchRequest;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The patching tables ({@code V11__patching.sql}) through plain SQL: update runs, per-server state with its package
 * lists as {@code jsonb}, and upgrade history.
 */
@Repository
class PatchStore {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final TypeReference<List<PackageChange>> CHANGES = new TypeReference<>() {
	};

	private static final TypeReference<List<String>> NAMES = new TypeReference<>() {
	};

	private final JdbcClient jdbc;

	PatchStore(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** Records an update run Opsdeck launched, not yet processed. */
	void recordRun(UUID runId, String environment, PatchRequest request, String triggeredBy, Instant createdAt) {
		jdbc.sql("""
				insert into patch_runs (run_id, environment, mode, check_mode, reboot, packages, cves, triggered_by, created_at)
				values (?, ?, ?, ?, ?, cast(? as jsonb), cast(? as jsonb), ?, ?)
				""")
			.params(runId, environment, request.mode().value(), request.check(), request.reboot(),
					JSON.writeValueAsString(request.packages()), JSON.writeValueAsString(request.cves()), triggeredBy,
					Timestamp.from(createdAt))
			.update();
	}

	/** @return the run's record, if Opsdeck launched it as an update */
	Optional<PatchRun> findRun(UUID runId) {
		return jdbc.sql("select run_id, environment, mode, check_mode, processed_at from patch_runs where run_id = ?")
			.param(runId)
			.query((rs, n) -> new PatchRun(rs.getObject("run_id", UUID.class), rs.getString("environment"),
					PatchMode.fromValue(rs.getString("mode")), rs.getBoolean("check_mode"),
					instant(rs, "processed_at")))
			.optional();
	}

	/** @return ids of update runs whose reports are not stored yet, oldest first */
	List<UUID> openRuns() {
		return jdbc.sql("select run_id from patch_runs where processed_at is null order by created_at")
			.query(UUID.class)
			.list();
	}

	/**
	 * Marks a run processed. Called in the transaction that stores its reports: the row lock makes a second node
	 * wait, then find it done.
	 * @return whether this call claimed it (it was not processed before)
	 */
	boolean claim(UUID runId, Instant now) {
		return jdbc.sql("update patch_runs set processed_at = ? where run_id = ? and processed_at is null")
			.params(Timestamp.from(now), runId)
			.update() == 1;
	}

	Optional<PatchState> find(UUID serverId) {
		return jdbc.sql("select * from server_patch_state where server_id = ?").param(serverId).query(this::state)
			.optional();
	}

	/** @return the states of these servers by server id (servers never reported on are absent) */
	Map<UUID, PatchState> findAll(Collection<UUID> serverIds) {
		if (serverIds.isEmpty()) {
			return Map.of();
		}
		return jdbc.sql("select * from server_patch_state where server_id in (:ids)")
			.param("ids", serverIds)
			.query(this::state)
			.list()
			.stream()
			.collect(Collectors.toMap(PatchState::serverId, Function.identity()));
	}

	/** Inserts or replaces a state; an older event never overwrites a newer one. */
	void save(PatchState s) {
		jdbc.sql("""
				insert into server_patch_state (server_id, pending_security, pending_other, pending_security_packages,
				    pending_other_packages, reboot_required, reboot_required_since, reboot_required_packages,
				    running_kernel, newest_kernel, last_run_id, last_update_run_id, last_mode, last_checked_at,
				    last_error, updated_at)
				values (?, ?, ?, cast(? as jsonb), cast(? as jsonb), ?, ?, cast(? as jsonb), ?, ?, ?, ?, ?, ?, ?, ?)
				on conflict (server_id) do update set pending_security = excluded.pending_security,
				    pending_other = excluded.pending_other, pending_security_packages = excluded.pending_security_packages,
				    pending_other_packages = excluded.pending_other_packages, reboot_required = excluded.reboot_required,
				    reboot_required_since = excluded.reboot_required_since,
				    reboot_required_packages = excluded.reboot_required_packages, running_kernel = excluded.running_kernel,
				    newest_kernel = excluded.newest_kernel, last_run_id = excluded.last_run_id,
				    last_update_run_id = excluded.last_update_run_id, last_mode = excluded.last_mode,
				    last_checked_at = excluded.last_checked_at, last_error = excluded.last_error,
				    updated_at = excluded.updated_at
				where server_patch_state.updated_at <= excluded.updated_at
				""")
			.params(s.serverId(), s.pendingSecurity().size(), s.pendingOther().size(),
					JSON.writeValueAsString(s.pendingSecurity()), JSON.writeValueAsString(s.pendingOther()),
					s.rebootRequired(), timestamp(s.rebootRequiredSince()),
					JSON.writeValueAsString(s.rebootRequiredPackages()), cut(s.runningKernel(), 128),
					cut(s.newestKernel(), 128), s.lastRunId(), s.lastUpdateRunId(), s.lastMode(),
					timestamp(s.lastCheckedAt()), s.lastError(), Timestamp.from(s.updatedAt()))
			.update();
	}

	/** Records the packages one run upgraded on one server; a package already recorded for the run is skipped. */
	void saveUpgrades(UUID runId, UUID serverId, String serverName, List<PackageChange> upgrades, Instant at) {
		for (PackageChange change : upgrades) {
			jdbc.sql("""
					insert into patch_upgrades (id, run_id, server_id, server_name, package, from_version, to_version, upgraded_at)
					values (?, ?, ?, ?, ?, ?, ?, ?) on conflict (run_id, server_id, package) do nothing
					""")
				.params(UUID.randomUUID(), runId, serverId, serverName, cut(change.name(), 128),
						cut(change.from(), 256), cut(change.to(), 256), Timestamp.from(at))
				.update();
		}
	}

	/** @return a page of a server's upgrades, newest first (then by package name) */
	List<PackageUpgrade> history(UUID serverId, int page, int size) {
		return jdbc.sql("""
				select run_id, server_name, package, from_version, to_version, upgraded_at from patch_upgrades
				where server_id = ? order by upgraded_at desc, package limit ? offset ?
				""")
			.params(serverId, size, (long) page * size)
			.query((rs, n) -> new PackageUpgrade(rs.getObject("run_id", UUID.class), rs.getString("server_name"),
					rs.getString("package"), rs.getString("from_version"), rs.getString("to_version"),
					instant(rs, "upgraded_at")))
			.list();
	}

	long historySize(UUID serverId) {
		return jdbc.sql("select count(*) from patch_upgrades where server_id = ?").param(serverId).query(Long.class)
			.single();
	}

	/** @return every checked server's gauges: server name, environment name, pending security, reboot required */
	List<Gauges> gauges() {
		return jdbc.sql("""
				select s.name as server, e.name as environment, p.pending_security, p.reboot_required,
				    p.reboot_required_since
				from server_patch_state p join servers s on s.id = p.server_id join environments e on e.id = s.environment_id
				where p.last_checked_at is not null
				""")
			.query((rs, n) -> new Gauges(rs.getString("server"), rs.getString("environment"),
					rs.getInt("pending_security"), rs.getBoolean("reboot_required"),
					instant(rs, "reboot_required_since")))
			.list();
	}

	private PatchState state(ResultSet rs, int row) throws SQLException {
		return new PatchState(rs.getObject("server_id", UUID.class),
				JSON.readValue(rs.getString("pending_security_packages"), CHANGES),
				JSON.readValue(rs.getString("pending_other_packages"), CHANGES), rs.getBoolean("reboot_required"),
				instant(rs, "reboot_required_since"), JSON.readValue(rs.getString("reboot_required_packages"), NAMES),
				rs.getString("running_kernel"), rs.getString("newest_kernel"), rs.getObject("last_run_id", UUID.class),
				rs.getObject("last_update_run_id", UUID.class), rs.getString("last_mode"),
				instant(rs, "last_checked_at"), rs.getString("last_error"), instant(rs, "updated_at"));
	}

	private static @Nullable Instant instant(ResultSet rs, String column) throws SQLException {
		OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
		return (value != null) ? value.toInstant() : null;
	}

	private static @Nullable Timestamp timestamp(@Nullable Instant instant) {
		return (instant != null) ? Timestamp.from(instant) : null;
	}

	private static @Nullable String cut(@Nullable String value, int max) {
		return (value != null && value.length() > max) ? value.substring(0, max) : value;
	}

	/**
	 * An update run as {@code patch_runs} holds it.
	 *
	 * @param runId run id
	 * @param environment environment name
	 * @param mode mode
	 * @param check launched as a dry run
	 * @param processedAt when its reports were stored, or {@code null}
	 */
	record PatchRun(UUID runId, String environment, PatchMode mode, boolean check, @Nullable Instant processedAt) {
	}

	/**
	 * One server's gauge values.
	 *
	 * @param server server name
	 * @param environment environment name
	 * @param pendingSecurity pending security updates
	 * @param rebootRequired whether a reboot is needed
	 * @param rebootRequiredSince since when it has been needed (first report saying so), or null
	 */
	record Gauges(String server, String environment, int pendingSecurity, boolean rebootRequired,
			@Nullable Instant rebootRequiredSince) {
	}

}
