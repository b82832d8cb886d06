package io.opsdeck.notifications.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import io.opsdeck.notifications.NotificationEventType;
import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** {@code notification_channels} (V15). The sealed secret is read only by {@link #sealedSecret(UUID)}. */
@Repository
class ChannelRepository {

	private static final String COLUMNS = "id, name, type, format, url, secret is not null as has_secret, recipients, "
			+ "event_types, environments, enabled, created_at, created_by, updated_at, updated_by";

	private final JdbcClient jdbc;

	ChannelRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	List<Channel> all() {
		return jdbc.sql("select " + COLUMNS + " from notification_channels order by name").query(this::map).list();
	}

	Optional<Channel> find(UUID id) {
		return jdbc.sql("select " + COLUMNS + " from notification_channels where id = ?").param(id).query(this::map)
			.optional();
	}

	boolean nameTaken(String name, @Nullable UUID except) {
		return jdbc.sql("select count(*) from notification_channels where lower(name) = lower(?) and id <> ?")
			.params(name, (except == null) ? new UUID(0, 0) : except)
			.query(Long.class)
			.single() > 0;
	}

	Optional<byte[]> sealedSecret(UUID id) {
		return jdbc.sql("select secret from notification_channels where id = ? and secret is not null").param(id)
			.query((rs, n) -> rs.getBytes(1))
			.optional();
	}

	void insert(UUID id, ChannelRules.Valid channel, byte @Nullable [] sealed, String actor, Instant now) {
		jdbc.sql("""
				insert into notification_channels (id, name, type, format, url, secret, recipients, event_types,
				    environments, enabled, created_at, created_by, updated_at, updated_by)
				values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
			.params(id, channel.name(), channel.type().name(), name(channel.format()), channel.url(), sealed,
					join(channel.recipients()), joinTypes(channel.eventTypes()), join(channel.environments()),
					channel.enabled(), java.sql.Timestamp.from(now), actor, java.sql.Timestamp.from(now), actor)
			.update();
	}

	void update(UUID id, ChannelRules.Valid channel, byte @Nullable [] sealed, String actor, Instant now) {
		jdbc.sql("""
				update notification_channels set name = ?, format = ?, url = ?,
				    secret = case when ? then secret else ? end, recipients = ?, event_types = ?, environments = ?,
				    enabled = ?, updated_at = ?, updated_by = ?
				where id = ?""")
			.params(channel.name(), name(channel.format()), channel.url(), channel.keepSecret(), sealed,
					join(channel.recipients()), joinTypes(channel.eventTypes()), join(channel.environments()),
					channel.enabled(), java.sql.Timestamp.from(now), actor, id)
			.update();
	}

	boolean delete(UUID id) {
		return jdbc.sql("delete from notification_channels where id = ?").param(id).update() > 0;
	}

	private Channel map(ResultSet rs, int row) throws SQLException {
		String format = rs.getString("format");
		String environments = rs.getString("environments");
		String recipients = rs.getString("recipients");
		Set<NotificationEventType> types = EnumSet.noneOf(NotificationEventType.class);
		for (String type : rs.getString("event_types").split(",")) {
			types.add(NotificationEventType.valueOf(type));
		}
		return new Channel(rs.getObject("id", UUID.class), rs.getString("name"),
				ChannelType.valueOf(rs.getString("type")), (format == null) ? null : WebhookFormat.valueOf(format),
				rs.getString("url"), rs.getBoolean("has_secret"),
				(recipients == null) ? List.of() : List.of(recipients.split(",")), types,
				(environments == null) ? null : List.of(environments.split(",")), rs.getBoolean("enabled"),
				rs.getTimestamp("created_at").toInstant(), rs.getString("created_by"),
				rs.getTimestamp("updated_at").toInstant(), rs.getString("updated_by"));
	}

	private static @Nullable String name(@Nullable Enum<?> value) {
		return (value == null) ? null : value.name();
	}

	private static @Nullable String join(@Nullable List<String> values) {
		return (values == null || values.isEmpty()) ? null : String.join(",", values);
	}

	private static String joinTypes(Set<NotificationEventType> types) {
		return types.stream().map(Enum::name).sorted(Comparator.comparingInt(n -> NotificationEventType.valueOf(n).ordinal()))
			.collect(Collectors.joining(","));
	}

}
