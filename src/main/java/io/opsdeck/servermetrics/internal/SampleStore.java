package io.opsdeck.servermetrics.internal;

import java.lang.management.ManagementFactory;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/**
 * Tables {@code server_metric_samples} and {@code server_metric_exporters} (V17). Several Opsdeck nodes scrape the
 * same servers; a sample is stored under a per-server transaction-scoped advisory lock and only when the server has
 * no sample younger than half the interval, so two nodes do not store the same minute twice.
 */
@Repository
class SampleStore {

	private static final String NODE = ManagementFactory.getRuntimeMXBean().getName();

	private final JdbcTemplate jdbc;

	SampleStore(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/** One stored reading. */
	record Sample(Instant sampledAt, boolean reachable, @Nullable String error, @Nullable Double cpuPercent,
			@Nullable Double cpuIdleSeconds, @Nullable Double cpuTotalSeconds, @Nullable Double memoryPercent,
			@Nullable Double diskPercent, @Nullable Double load1) {
	}

	/**
	 * @param serverId server id
	 * @param since only samples at or after this instant
	 * @return the server's samples, oldest first
	 */
	List<Sample> since(UUID serverId, Instant since) {
		return jdbc.query("select * from server_metric_samples where server_id = ? and sampled_at >= ?"
				+ " order by sampled_at", SampleStore::sample, serverId, Timestamp.from(since));
	}

	/** @return whether the server has a sample younger than {@code age} */
	boolean hasSampleYoungerThan(UUID serverId, Duration age) {
		Boolean found = jdbc.queryForObject("select exists (select 1 from server_metric_samples where server_id = ?"
				+ " and sampled_at > ?)", Boolean.class, serverId, Timestamp.from(Instant.now().minus(age)));
		return Boolean.TRUE.equals(found);
	}

	/**
	 * Stores a reading, computing CPU use from the server's previous reachable sample of the last 10 minutes.
	 * @param serverId server id
	 * @param reading what the exporter answered, or null when it did not answer
	 * @param error why it did not answer (stored clipped to 500 characters)
	 * @param unlessYoungerThan skip when another node stored a sample this recently (null: store anyway)
	 * @return whether a sample was stored
	 */
	@Transactional
	boolean store(UUID serverId, @Nullable NodeReading reading, @Nullable String error,
			@Nullable Duration unlessYoungerThan) {
		jdbc.queryForList("select pg_advisory_xact_lock(hashtextextended('server-metrics:' || ?, 0))",
				serverId.toString());
		if (unlessYoungerThan != null && hasSampleYoungerThan(serverId, unlessYoungerThan)) {
			return false;
		}
		Instant now = Instant.now();
		if (reading == null) {
			jdbc.update("insert into server_metric_samples (server_id, sampled_at, reachable, error, node)"
					+ " values (?, ?, false, ?, ?)", serverId, Timestamp.from(now), clip(error), NODE);
			return true;
		}
		Optional<Sample> previous = jdbc.query("select * from server_metric_samples where server_id = ?"
				+ " and reachable and cpu_total_seconds is not null and sampled_at > ? order by sampled_at desc limit 1",
				SampleStore::sample, serverId, Timestamp.from(now.minus(Duration.ofMinutes(10)))).stream().findFirst();
		Double cpu = previous.map(p -> reading.cpuPercentSince(p.cpuIdleSeconds(), p.cpuTotalSeconds())).orElse(null);
		jdbc.update("insert into server_metric_samples (server_id, sampled_at, reachable, cpu_percent,"
				+ " cpu_idle_seconds, cpu_total_seconds, memory_percent, disk_percent, load1, node)"
				+ " values (?, ?, true, ?, ?, ?, ?, ?, ?, ?)", serverId, Timestamp.from(now), cpu,
				reading.cpuIdleSeconds(), reading.cpuTotalSeconds(), reading.memoryPercent(), reading.diskPercent(),
				reading.load1(), NODE);
		return true;
	}

	/** @return how many samples older than {@code before} were deleted */
	int prune(Instant before) {
		return jdbc.update("delete from server_metric_samples where sampled_at < ?", Timestamp.from(before));
	}

	/** @return the server's own exporter port, if set */
	Optional<Exporter> exporter(UUID serverId) {
		return jdbc.query("select port, enabled from server_metric_exporters where server_id = ?",
				(rs, n) -> new Exporter(rs.getInt("port"), rs.getBoolean("enabled")), serverId).stream().findFirst();
	}

	/** @return every server's own exporter settings, by server id */
	java.util.Map<UUID, Exporter> exporters() {
		java.util.Map<UUID, Exporter> all = new java.util.HashMap<>();
		jdbc.query("select server_id, port, enabled from server_metric_exporters", rs -> {
			all.put(rs.getObject("server_id", UUID.class), new Exporter(rs.getInt("port"), rs.getBoolean("enabled")));
		});
		return all;
	}

	/** Creates or replaces the server's exporter settings. */
	void saveExporter(UUID serverId, Exporter exporter) {
		jdbc.update("insert into server_metric_exporters (server_id, port, enabled, updated_at) values (?, ?, ?, now())"
				+ " on conflict (server_id) do update set port = excluded.port, enabled = excluded.enabled,"
				+ " updated_at = excluded.updated_at", serverId, exporter.port(), exporter.enabled());
	}

	/**
	 * A server's exporter settings.
	 * @param port node_exporter's port
	 * @param enabled false: never scraped
	 */
	record Exporter(int port, boolean enabled) {
	}

	private static Sample sample(ResultSet rs, int row) throws SQLException {
		return new Sample(rs.getTimestamp("sampled_at").toInstant(), rs.getBoolean("reachable"), rs.getString("error"),
				number(rs, "cpu_percent"), number(rs, "cpu_idle_seconds"), number(rs, "cpu_total_seconds"),
				number(rs, "memory_percent"), number(rs, "disk_percent"), number(rs, "load1"));
	}

	private static @Nullable Double number(ResultSet rs, String column) throws SQLException {
		double value = rs.getDouble(column);
		return rs.wasNull() ? null : value;
	}

	private static @Nullable String clip(@Nullable String text) {
		return (text == null || text.length() <= 500) ? text : text.substring(0, 497) + "...";
	}

}
