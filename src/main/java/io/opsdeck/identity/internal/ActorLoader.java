package io.opsdeck.identity.internal;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.opsdeck.identity.Role;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Reads a user's current roles (base role, enabled flag and every grant) in one indexed query, for each request:
 * a changed role, a revoked grant or a disabled user takes effect on the next request, also for existing sessions
 * and for the user's API tokens.
 */
@Component
public class ActorLoader {

	private final JdbcClient jdbc;

	ActorLoader(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * @param username a user name
	 * @return the user's roles, or empty when no such user exists or the user is disabled
	 */
	public Optional<UserRoles> load(String username) {
		List<Row> rows = jdbc.sql("""
				select u.role as base, u.enabled, g.environment, g.role as granted
				from users u left join role_grants g on g.username = u.username
				where u.username = ?""")
			.param(username)
			.query((rs, n) -> new Row(Role.valueOf(rs.getString("base")), rs.getBoolean("enabled"),
					rs.getString("environment"), rs.getString("granted")))
			.list();
		if (rows.isEmpty() || !rows.get(0).enabled()) {
			return Optional.empty();
		}
		Map<String, Role> grants = new HashMap<>();
		for (Row row : rows) {
			if (row.environment() != null) {
				grants.put(row.environment(), Role.valueOf(row.granted()));
			}
		}
		return Optional.of(new UserRoles(username, rows.get(0).base(), grants));
	}

	private record Row(Role base, boolean enabled, String environment, String granted) {
	}

}
