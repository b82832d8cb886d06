package io.opsdeck.audit.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import io.opsdeck.shared.PageView;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Reads the audit log: one page at a time for the page and the API, or every matching entry as a stream for the
 * exports (a read-only transaction with a fetch size, so PostgreSQL sends rows in batches instead of all at once).
 * Newest first.
 */
@Component
public class AuditSearch {

	private static final String COLUMNS = "id, occurred_at, actor, actor_role, address, action, target, environment, "
			+ "outcome, status, detail, node";

	private static final int FETCH_SIZE = 500;

	private static final RowMapper<AuditRecord> ROW = AuditSearch::map;

	private final JdbcTemplate jdbc;

	private final TransactionTemplate readOnly;

	AuditSearch(JdbcTemplate jdbc, PlatformTransactionManager transactionManager) {
		this.jdbc = jdbc;
		this.readOnly = new TransactionTemplate(transactionManager);
		this.readOnly.setReadOnly(true);
	}

	/**
	 * @param query filters
	 * @param page zero-based page number (checked by the caller)
	 * @param size page size (checked by the caller)
	 * @return one page, newest first
	 */
	public PageView<AuditRecord> search(AuditQuery query, int page, int size) {
		Where where = where(query);
		Long total = jdbc.queryForObject("select count(*) from audit_events" + where.sql(), Long.class,
				where.arguments().toArray());
		List<Object> arguments = new ArrayList<>(where.arguments());
		arguments.add(size);
		arguments.add((long) page * size);
		List<AuditRecord> items = jdbc.query("select " + COLUMNS + " from audit_events" + where.sql()
				+ " order by occurred_at desc, id desc limit ? offset ?", ROW, arguments.toArray());
		long totalItems = (total != null) ? total : 0;
		return new PageView<>(items, page, size, totalItems, (int) ((totalItems + size - 1) / size));
	}

	/**
	 * Hands every matching entry to {@code each}, newest first, without holding them all in memory.
	 * @param query filters
	 * @param each called once per entry; may throw to stop (e.g. the client went away)
	 */
	public void stream(AuditQuery query, Consumer<AuditRecord> each) {
		Where where = where(query);
		readOnly.executeWithoutResult(status -> jdbc.query(connection -> {
			var statement = connection.prepareStatement("select " + COLUMNS + " from audit_events" + where.sql()
					+ " order by occurred_at desc, id desc");
			statement.setFetchSize(FETCH_SIZE);
			int i = 1;
			for (Object argument : where.arguments()) {
				statement.setObject(i++, argument);
			}
			return statement;
		}, (RowCallbackHandler) rs -> each.accept(map(rs, 0))));
	}

	private static Where where(AuditQuery query) {
		StringBuilder sql = new StringBuilder();
		List<Object> arguments = new ArrayList<>();
		if (query.actor() != null) {
			if (query.actor().endsWith(":")) {
				sql.append(" and actor like ?");
				arguments.add(escapeLike(query.actor()) + "%");
			}
			else {
				sql.append(" and actor = ?");
				arguments.add(query.actor());
			}
		}
		if (query.action() != null) {
			sql.append(" and action ilike ?");
			arguments.add("%" + escapeLike(query.action()) + "%");
		}
		if (query.environment() != null) {
			sql.append(" and environment = ?");
			arguments.add(query.environment());
		}
		if (query.outcome() != null) {
			sql.append(" and outcome = ?");
			arguments.add(query.outcome().name());
		}
		if (query.from() != null) {
			sql.append(" and occurred_at >= ?");
			arguments.add(OffsetDateTime.ofInstant(query.from(), ZoneOffset.UTC));
		}
		if (query.to() != null) {
			sql.append(" and occurred_at <= ?");
			arguments.add(OffsetDateTime.ofInstant(query.to(), ZoneOffset.UTC));
		}
		if (query.q() != null) {
			sql.append(" and concat_ws(' ', actor, action, target, detail, address, environment) ilike ?");
			arguments.add("%" + escapeLike(query.q()) + "%");
		}
		return new Where(sql.isEmpty() ? "" : " where" + sql.substring(4), arguments);
	}

	/** Escapes LIKE's wildcards and its escape character (PostgreSQL's default, backslash). */
	static String escapeLike(String text) {
		return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
	}

	private static AuditRecord map(ResultSet rs, int row) throws SQLException {
		Integer status = rs.getObject("status", Integer.class);
		return new AuditRecord(rs.getLong("id"), rs.getObject("occurred_at", OffsetDateTime.class).toInstant(), rs.getString("actor"),
				rs.getString("actor_role"), rs.getString("address"), rs.getString("action"), rs.getString("target"),
				rs.getString("environment"), rs.getString("outcome"), status, rs.getString("detail"),
				rs.getString("node"));
	}

	private record Where(String sql, List<Object> arguments) {
	}

}
