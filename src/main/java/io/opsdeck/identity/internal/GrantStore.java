package io.opsdeck.identity.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

import io.opsdeck.identity.Role;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Rows of {@code role_grants}; callers hold the transaction and check authorization. */
@Repository
class GrantStore {

	private static final String COLUMNS = "select username, environment, role, granted_by, granted_at from role_grants ";

	private final JdbcClient jdbc;

	GrantStore(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	List<GrantSummary> all() {
		return jdbc.sql(COLUMNS + "order by username, environment").query(GrantStore::row).list();
	}

	List<GrantSummary> of(String username) {
		return jdbc.sql(COLUMNS + "where username = ? order by environment").param(username).query(GrantStore::row).list();
	}

	/** Creates or replaces the grant for (username, environment). */
	GrantSummary put(String username, String environment, Role role, String grantedBy, Instant now) {
		jdbc.sql("""
				insert into role_grants (username, environment, role, granted_by, granted_at) values (?, ?, ?, ?, ?)
				on conflict (username, environment)
				do update set role = excluded.role, granted_by = excluded.granted_by, granted_at = excluded.granted_at""")
			.params(username, environment, role.name(), grantedBy, Timestamp.from(now))
			.update();
		return new GrantSummary(username, environment, role, grantedBy, now);
	}

	/** @return whether a grant was removed */
	boolean delete(String username, String environment) {
		return jdbc.sql("delete from role_grants where username = ? and environment = ?")
			.params(username, environment)
			.update() == 1;
	}

	private static GrantSummary row(ResultSet rs, int n) throws SQLException {
		return new GrantSummary(rs.getString("username"), rs.getString("environment"),
				Role.valueOf(rs.getString("role")), rs.getString("granted_by"),
				rs.getTimestamp("granted_at").toInstant());
	}

}
