package io.opsdeck.execution.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.opsdeck.execution.RunKind;
import io.opsdeck.execution.RunSummary;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageImpl;
import org.springframework.data.domain.Pageable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The runs lists ({@code GET /api/v1/runs}, {@code /runs}): one page of {@link RunSummary} newest first, read with
 * one plain SQL statement on {@code runs_created_idx} (only the list's columns, no entities) that also sums its total
 * from {@code run_counts} ({@code V24__run_counts.sql}). Triggers on {@code runs} append a signed delta per (status,
 * kind, environment) for every insert, delete and change of those columns, so a total is a sum over a few dozen
 * rows instead of a count of every run (issue 8: 100,000 runs, 2,000 pages a second). The deltas are folded into
 * one row per group every minute.
 * <p>
 * The values that cannot be user text go into the statement as literals: the page size and offset (numbers) and the
 * status and kind filters (enum constants). With no other filter the statement then has no parameters, and
 * PostgreSQL plans it once per connection (pgjdbc's server-side prepared statement) instead of on every request: with
 * {@code limit ? offset ?} it never kept a generic plan (a parameter limit is costed at a tenth of the table, far
 * above the custom plan) and planned anew each time, about as much of its CPU as running the statement (issue 8,
 * fourth round). A status or kind filter gets its own statement per value, so a plan is still made for that value
 * (e.g. the partial index of queued runs). The environment and a token's scope stay parameters.
 */
@Component
class RunList {

	private static final Logger log = LoggerFactory.getLogger(RunList.class);

	/** The list's columns, in the order {@link #summary} reads them. */
	private static final String COLUMNS = "id, kind, status, environment, playbook, command, triggered_by, created_at,"
			+ " started_at, finished_at, exit_code, message, label";

	private final JdbcClient jdbc;

	RunList(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * @param filter optional status, kind and environment
	 * @param pageable page number and size (its sort is ignored: always newest first, then by id descending)
	 * @return the page, with the exact number of matching runs
	 */
	Page<RunSummary> page(RunService.RunFilter filter, Pageable pageable) {
		List<Object> params = new ArrayList<>(4);
		String where = where(filter, params);
		params.addAll(List.copyOf(params));
		long[] total = { 0 };
		List<RunSummary> items = new ArrayList<>(pageable.getPageSize());
		// one statement, one round trip and one snapshot: the total, and the page joined to it (no row: empty page)
		// sum(bigint) is numeric: cast back, so that pgjdbc does not decode a BigDecimal per page
		jdbc.sql("select t.total, r.* from (select coalesce(sum(runs), 0)::bigint as total from run_counts where true"
				+ where
				+ ") t left join lateral (select " + COLUMNS + " from runs where true" + where
				+ " order by created_at desc, id desc limit " + pageable.getPageSize() + " offset "
				+ pageable.getOffset() + ") r on true")
			.params(params)
			.query(rs -> {
				total[0] = rs.getLong(1);
				if (rs.getObject(2) != null) {
					items.add(summary(rs));
				}
			});
		return new PageImpl<>(items, pageable, total[0]);
	}

	/**
	 * @param filter optional status, kind and environment ({@code null}: any)
	 * @return how many runs match, exactly (as of the statement's snapshot)
	 */
	long count(RunService.RunFilter filter) {
		List<Object> params = new ArrayList<>(3);
		String where = where(filter, params);
		return jdbc.sql("select coalesce(sum(runs), 0)::bigint from run_counts where true" + where)
			.params(params)
			.query(Long.class)
			.single();
	}

	/**
	 * Folds the deltas into one row per group (dropping groups that sum to zero), in one statement: a concurrent
	 * reader sees the rows before or after it, and a concurrent fold on another node only folds the rows it deleted.
	 * @return rows left
	 */
	@Scheduled(initialDelayString = "${opsdeck.runs.count-fold-interval:60s}",
			fixedDelayString = "${opsdeck.runs.count-fold-interval:60s}")
	int fold() {
		int folded = jdbc.sql("""
				with gone as (delete from run_counts returning status, kind, environment, runs)
				insert into run_counts (status, kind, environment, runs)
				select status, kind, environment, sum(runs) from gone
				group by status, kind, environment having sum(runs) <> 0""").update();
		log.debug("Folded run_counts into {} rows", folded);
		return folded;
	}

	private static String where(RunService.RunFilter filter, List<Object> params) {
		StringBuilder sql = new StringBuilder();
		// enum constants (upper-case letters and '_'), written as literals: see the class comment
		if (filter.status() != null) {
			sql.append(" and status = '").append(filter.status().name()).append('\'');
		}
		if (filter.kind() != null) {
			sql.append(" and kind = '").append(filter.kind().name()).append('\'');
		}
		if (filter.environment() != null) {
			sql.append(" and environment = ?");
			params.add(filter.environment());
		}
		if (filter.scope() != null) {
			// a scoped token: only runs stored with one of its environments (EnvironmentAccess.listScope), in the
			// total too; runs of several environments (stored without one) are left out of its list
			sql.append(" and environment = any(?)");
			params.add(filter.scope().toArray(String[]::new));
		}
		return sql.toString();
	}

	/**
	 * The list view of the row ({@link RunMapping#summary}), its columns read by position: the total, then
	 * {@link #COLUMNS}.
	 */
	private static RunSummary summary(ResultSet rs) throws SQLException {
		return RunMapping.summary(rs.getObject(2, UUID.class), RunKind.valueOf(rs.getString(3)), rs.getString(4),
				rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8), instant(rs, 9), instant(rs, 10),
				instant(rs, 11), rs.getObject(12, Integer.class), rs.getString(13), rs.getString(14));
	}

	private static @Nullable Instant instant(ResultSet rs, int column) throws SQLException {
		Timestamp time = rs.getTimestamp(column);
		return (time != null) ? time.toInstant() : null;
	}

}
