package io.opsdeck.notifications.internal;

import java.util.OptionalInt;

import io.opsdeck.notifications.NotificationEventType;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** {@code notification_conditions} (V15): the last known state of each evaluated condition. */
@Repository
class ConditionRepository {

	private final JdbcClient jdbc;

	ConditionRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Records the state in one statement that also tells whether it changed; atomic, so of two nodes evaluating at
	 * once exactly one sees the change.
	 * @return the new generation when the state is new or flipped, else empty
	 */
	OptionalInt record(NotificationEventType condition, String environment, String subject, boolean bad) {
		var flipped = jdbc.sql("""
				insert into notification_conditions as c (condition, environment, subject, bad, generation,
				    changed_at, checked_at)
				values (?, ?, ?, ?, 1, now(), now())
				on conflict (condition, environment, subject) do update
				    set bad = excluded.bad, generation = c.generation + 1, changed_at = now(), checked_at = now()
				    where c.bad <> excluded.bad
				returning generation""")
			.params(condition.name(), environment, subject, bad)
			.query(Integer.class)
			.optional();
		if (flipped.isEmpty()) {
			jdbc.sql("update notification_conditions set checked_at = now() "
					+ "where condition = ? and environment = ? and subject = ?")
				.params(condition.name(), environment, subject)
				.update();
			return OptionalInt.empty();
		}
		return OptionalInt.of(flipped.get());
	}

}
