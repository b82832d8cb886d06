package io.opsdeck.provisioning.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.opsdeck.provisioning.ServerProvisioning.TagChange;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The {@code provision_runs} and {@code server_tag_changes} tables. */
@Repository
class ProvisionStore {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final TypeReference<List<String>> NAMES = new TypeReference<>() {
	};

	private final JdbcClient jdbc;

	ProvisionStore(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** A provision run as launched. */
	record ProvisionRun(UUID runId, UUID serverId, String environment, List<String> tags, boolean check,
			String triggeredBy, Instant createdAt, @Nullable Instant processedAt) {
	}

	void recordRun(ProvisionRun run) {
		jdbc.sql("""
				insert into provision_runs (run_id, server_id, environment, tags, check_mode, triggered_by, created_at)
				values (?, ?, ?, ?, ?, ?, ?)
				""")
			.params(run.runId(), run.serverId(), run.environment(), run.tags().toArray(String[]::new), run.check(),
					run.triggeredBy(), Timestamp.from(run.createdAt()))
			.update();
	}

	Optional<ProvisionRun> findRun(UUID runId) {
		return jdbc.sql("select * from provision_runs where run_id = ?").param(runId).query(ProvisionStore::run)
			.optional();
	}

	Optional<ProvisionRun> lastRun(UUID serverId) {
		return jdbc.sql("select * from provision_runs where server_id = ? order by created_at desc limit 1")
			.param(serverId)
			.query(ProvisionStore::run)
			.optional();
	}

	List<UUID> openRuns() {
		return jdbc.sql("select run_id from provision_runs where processed_at is null order by created_at")
			.query(UUID.class)
			.list();
	}

	/**
	 * Marks a run processed, in the transaction that stores its recap: the row lock makes a second node wait, then
	 * find it done.
	 * @return whether this call claimed it
	 */
	boolean claim(UUID runId, Instant now) {
		return jdbc.sql("update provision_runs set processed_at = ? where run_id = ? and processed_at is null")
			.params(Timestamp.from(now), runId)
			.update() == 1;
	}

	void saveTag(UUID serverId, TagChange change) {
		jdbc.sql("""
				insert into server_tag_changes (server_id, tag, run_id, check_mode, ok, changed, failed, skipped,
				    changed_tasks, recorded_at)
				values (?, ?, ?, ?, ?, ?, ?, ?, cast(? as jsonb), ?)
				on conflict (server_id, tag) do update set run_id = excluded.run_id, check_mode = excluded.check_mode,
				    ok = excluded.ok, changed = excluded.changed, failed = excluded.failed, skipped = excluded.skipped,
				    changed_tasks = excluded.changed_tasks, recorded_at = excluded.recorded_at
				""")
			.params(serverId, change.tag(), change.runId(), change.check(), change.ok(), change.changed(),
					change.failed(), change.skipped(), JSON.writeValueAsString(change.changedTasks()),
					Timestamp.from(change.recordedAt()))
			.update();
	}

	List<TagChange> tags(UUID serverId) {
		return jdbc.sql("select * from server_tag_changes where server_id = ?")
			.param(serverId)
			.query((rs, row) -> new TagChange(rs.getString("tag"), rs.getInt("ok"), rs.getInt("changed"),
					rs.getInt("failed"), rs.getInt("skipped"), JSON.readValue(rs.getString("changed_tasks"), NAMES),
					rs.getBoolean("check_mode"), rs.getObject("run_id", UUID.class),
					rs.getTimestamp("recorded_at").toInstant()))
			.list();
	}

	private static ProvisionRun run(ResultSet rs, int row) throws SQLException {
		Timestamp processed = rs.getTimestamp("processed_at");
		return new ProvisionRun(rs.getObject("run_id", UUID.class), rs.getObject("server_id", UUID.class),
				rs.getString("environment"), Arrays.asList((String[]) rs.getArray("tags").getArray()),
				rs.getBoolean("check_mode"), rs.getString("triggered_by"), rs.getTimestamp("created_at").toInstant(),
				(processed != null) ? processed.toInstant() : null);
	}

}
