package io.opsdeck.notifications.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.opsdeck.notifications.NotificationEventType;
import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * {@code notification_events}, {@code notification_deliveries} and {@code notification_attempts} (V15): the
 * outbox. Claiming uses {@code FOR UPDATE SKIP LOCKED}, so nodes sharing the database never send the same
 * delivery at the same time.
 */
@Repository
class DeliveryRepository {

	private static final String SELECT = """
			select d.id, d.event_id, e.type, e.environment, e.subject, e.summary, e.link, e.resolved, e.test,
			    e.occurred_at, d.channel_id, c.name as channel_name, d.status, d.attempts, d.next_attempt_at,
			    d.last_attempt_at, d.delivered_at, d.last_response_code, d.last_error, d.created_at
			from notification_deliveries d
			join notification_events e on e.id = d.event_id
			join notification_channels c on c.id = d.channel_id
			""";

	private final JdbcClient jdbc;

	DeliveryRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** @return whether the event was new */
	boolean insertEvent(NotificationEvent event) {
		return jdbc.sql("""
				insert into notification_events (id, type, environment, subject, summary, link, resolved, test,
				    occurred_at)
				values (?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict (id) do nothing""")
			.params(event.id(), event.type().name(), event.environment(), Text.cap(event.subject(), 300),
					event.cappedSummary(), Text.capNullable(event.link(), 500), event.resolved(), event.test(),
					Timestamp.from(event.occurredAt()))
			.update() > 0;
	}

	/** @return the new delivery's id, or empty when the event already has one for this channel */
	Optional<UUID> insertDelivery(UUID eventId, UUID channelId, Instant now) {
		UUID id = UUID.randomUUID();
		int rows = jdbc.sql("""
				insert into notification_deliveries (id, event_id, channel_id, status, attempts, next_attempt_at,
				    created_at)
				values (?, ?, ?, 'PENDING', 0, ?, ?) on conflict (event_id, channel_id) do nothing""")
			.params(id, eventId, channelId, Timestamp.from(now), Timestamp.from(now))
			.update();
		return (rows > 0) ? Optional.of(id) : Optional.empty();
	}

	/**
	 * Claims due deliveries for this node: their attempt count goes up and their next attempt moves {@code lease}
	 * into the future, so nobody else takes them while they are sent.
	 * @return the claimed deliveries with their new attempt numbers
	 */
	List<Claim> claim(int limit, Duration lease) {
		return jdbc.sql("""
				update notification_deliveries d
				set attempts = d.attempts + 1, last_attempt_at = now(),
				    next_attempt_at = now() + make_interval(secs => ?)
				where d.id in (select id from notification_deliveries
				               where status = 'PENDING' and next_attempt_at <= now()
				               order by next_attempt_at limit ? for update skip locked)
				returning d.id, d.attempts""")
			.params((double) lease.toSeconds(), limit)
			.query((rs, n) -> new Claim(rs.getObject("id", UUID.class), rs.getInt("attempts")))
			.list();
	}

	/** Records an attempt and moves the delivery on; does nothing when another node re-claimed it meanwhile. */
	void finish(UUID id, int attempt, Attempt result, String status, @Nullable Instant nextAttemptAt) {
		int rows = jdbc.sql("""
				update notification_deliveries set status = ?, next_attempt_at = coalesce(?, next_attempt_at),
				    delivered_at = case when ? then now() else delivered_at end,
				    last_response_code = ?, last_error = ?
				where id = ? and attempts = ?""")
			.params(status, (nextAttemptAt == null) ? null : Timestamp.from(nextAttemptAt), result.success(),
					result.responseCode(), result.error(), id, attempt)
			.update();
		if (rows > 0) {
			jdbc.sql("""
					insert into notification_attempts (delivery_id, attempt, started_at, duration_ms, success,
					    response_code, error) values (?, ?, ?, ?, ?, ?, ?)""")
				.params(id, attempt, Timestamp.from(result.startedAt()), result.durationMillis(), result.success(),
						result.responseCode(), result.error())
				.update();
		}
	}

	/** Makes a failed delivery due again; @return whether it was {@code FAILED} */
	boolean retry(UUID id) {
		return jdbc.sql("""
				update notification_deliveries set status = 'PENDING', next_attempt_at = now()
				where id = ? and status = 'FAILED'""").param(id).update() > 0;
	}

	Optional<Delivery> find(UUID id) {
		return jdbc.sql(SELECT + " where d.id = ?").param(id).query(this::map).optional();
	}

	/**
	 * @param status {@code PENDING}, {@code DELIVERED} or {@code FAILED}, or {@code null} for all
	 * @param channelId a channel, or {@code null}
	 * @param eventId an event, or {@code null}
	 * @param limit most rows
	 * @return deliveries, newest first
	 */
	List<Delivery> recent(@Nullable String status, @Nullable UUID channelId, @Nullable UUID eventId, int limit) {
		StringBuilder sql = new StringBuilder(SELECT).append(" where true");
		List<Object> params = new ArrayList<>();
		if (status != null) {
			sql.append(" and d.status = ?");
			params.add(status);
		}
		if (channelId != null) {
			sql.append(" and d.channel_id = ?");
			params.add(channelId);
		}
		if (eventId != null) {
			sql.append(" and d.event_id = ?");
			params.add(eventId);
		}
		sql.append(" order by d.created_at desc, d.id limit ?");
		params.add(limit);
		return jdbc.sql(sql.toString()).params(params).query(this::map).list();
	}

	List<Attempt> attempts(UUID deliveryId) {
		return jdbc.sql("""
				select attempt, started_at, duration_ms, success, response_code, error from notification_attempts
				where delivery_id = ? order by id""")
			.param(deliveryId)
			.query((rs, n) -> new Attempt(rs.getInt("attempt"), rs.getTimestamp("started_at").toInstant(),
					rs.getLong("duration_ms"), rs.getBoolean("success"), (Integer) rs.getObject("response_code"),
					rs.getString("error")))
			.list();
	}

	private Delivery map(ResultSet rs, int row) throws SQLException {
		return new Delivery(rs.getObject("id", UUID.class), rs.getObject("event_id", UUID.class),
				NotificationEventType.valueOf(rs.getString("type")), rs.getString("environment"),
				rs.getString("subject"), rs.getString("summary"), rs.getString("link"), rs.getBoolean("resolved"),
				rs.getBoolean("test"), instant(rs, "occurred_at"), rs.getObject("channel_id", UUID.class),
				rs.getString("channel_name"), rs.getString("status"), rs.getInt("attempts"),
				rs.getString("status").equals("PENDING") ? instant(rs, "next_attempt_at") : null,
				instantOrNull(rs, "last_attempt_at"), instantOrNull(rs, "delivered_at"),
				(Integer) rs.getObject("last_response_code"), rs.getString("last_error"), instant(rs, "created_at"));
	}

	private static Instant instant(ResultSet rs, String column) throws SQLException {
		return rs.getTimestamp(column).toInstant();
	}

	private static @Nullable Instant instantOrNull(ResultSet rs, String column) throws SQLException {
		Timestamp value = rs.getTimestamp(column);
		return (value == null) ? null : value.toInstant();
	}

	/**
	 * A delivery this node is about to send.
	 *
	 * @param id delivery id
	 * @param attempt the attempt number being made
	 */
	record Claim(UUID id, int attempt) {
	}

}
