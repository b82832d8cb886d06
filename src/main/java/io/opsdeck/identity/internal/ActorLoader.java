package io.opsdeck.identity.internal;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.opsdeck.identity.Role;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * A user's current roles (base role, enabled flag and every grant) for each request, from the
 * {@link IdentityCache} or else in one indexed query: a changed role, a revoked grant or a disabled user made
 * through Opsdeck takes effect on the next request (on other nodes as soon as the change's notice arrives; in any
 * case within {@code opsdeck.identity.token-cache-ttl}), also for existing sessions and for the user's API tokens.
 */
@Component
public class ActorLoader {

	private final JdbcClient jdbc;

	private final IdentityCache cache;

	ActorLoader(JdbcClient jdbc, IdentityCache cache) {
		this.jdbc = jdbc;
		this.cache = cache;
	}

	/**
	 * @param username a user name
	 * @return the user's roles, or empty when no such user exists or the user is disabled
	 */
	public Optional<UserRoles> load(String username) {
		UserRoles cached = cache.roles(username);
		return (cached != null) ? Optional.of(cached) : loadFresh(username, cache.generation());
	}

	/**
	 * Reads the roles from the database and caches them.
	 *
	 * @param generation {@link IdentityCache#generation()} noted before the caller's first read
	 */
	Optional<UserRoles> loadFresh(String username, long generation) {
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
		UserRoles roles = new UserRoles(username, rows.get(0).base(), grants);
		cache.putRoles(roles, generation);
		return Optional.of(roles);
	}

	private record Row(Role base, boolean enabled, String environment, String granted) {
	}

}
