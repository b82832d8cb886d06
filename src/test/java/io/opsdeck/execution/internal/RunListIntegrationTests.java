package io.opsdeck.execution.internal;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.opsdeck.execution.RunKind;
import io.opsdeck.execution.RunStatus;
import io.opsdeck.support.ApiClient;
import io.opsdeck.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The runs lists' totals come from {@code run_counts} (issue 8) and must stay exact: after inserts, status,
 * kind and environment changes and deletes made straight in SQL (the triggers see them too), before and after the
 * deltas are folded, for every filter the API offers.
 */
@IntegrationTest
class RunListIntegrationTests {

	private static final List<String> STATUSES = List.of("SUCCEEDED", "FAILED", "CANCELLED", "TIMED_OUT");

	@LocalServerPort
	int port;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	RunList list;

	@Autowired
	PlatformTransactionManager transactions;

	@Test
	void totalsMatchACountOfTheRunsAfterEveryKindOfChange() {
		ApiClient admin = new ApiClient(port, IntegrationTest.ADMIN_TOKEN);
		String a = "counts-a-" + UUID.randomUUID().toString().substring(0, 8);
		String b = "counts-b-" + UUID.randomUUID().toString().substring(0, 8);
		List<UUID> ids = new ArrayList<>();
		Instant now = Instant.now();
		for (int i = 0; i < 12; i++) {
			UUID id = UUID.randomUUID();
			ids.add(id);
			jdbc.update("""
					insert into runs (id, kind, status, environment, command, parameters, triggered_by, created_at,
					                  timeout_seconds)
					values (?, ?, ?, ?, 'true', '{}', 'user:admin', ?, 60)""", id, (i % 3 == 0) ? "ANSIBLE" : "SSH",
					STATUSES.get(i % STATUSES.size()), (i < 8) ? a : b, Timestamp.from(now.minusSeconds(i)));
		}
		// one statement inserting several runs (the insert trigger works per statement)
		jdbc.update("""
				insert into runs (id, kind, status, environment, command, parameters, triggered_by, created_at,
				                  timeout_seconds)
				select gen_random_uuid(), 'SSH', 'SUCCEEDED', ?, 'true', '{}', 'user:admin', now() - interval '1 hour', 60
				from generate_series(1, 5)""", b);
		assertTotals(admin, a, b);

		jdbc.update("update runs set status = 'SUCCEEDED' where id = ?", ids.get(1));
		jdbc.update("update runs set environment = ? where id = ?", b, ids.get(2));
		jdbc.update("update runs set kind = 'ANSIBLE' where id = ?", ids.get(4));
		jdbc.update("update runs set line_count = 42 where id = ?", ids.get(5));
		jdbc.update("delete from runs where id = ?", ids.get(6));
		jdbc.update("delete from runs where environment = ? and created_at < now() - interval '30 minutes'", b);
		assertTotals(admin, a, b);

		list.fold();
		assertTotals(admin, a, b);
		assertThat(jdbc.queryForObject("select count(*) from run_counts where environment in (?, ?)", Long.class, a, b))
			.as("one row per group after folding").isLessThanOrEqualTo(2L * 2 * STATUSES.size());
	}

	@Test
	void aPageIsTheNewestRunsWithTheTotalOfAllPages() {
		ApiClient admin = new ApiClient(port, IntegrationTest.ADMIN_TOKEN);
		String env = "counts-page-" + UUID.randomUUID().toString().substring(0, 8);
		Instant now = Instant.now();
		List<String> newestFirst = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			UUID id = UUID.randomUUID();
			newestFirst.add(id.toString());
			jdbc.update("""
					insert into runs (id, kind, status, environment, command, parameters, triggered_by, created_at,
					                  timeout_seconds)
					values (?, 'SSH', 'SUCCEEDED', ?, 'true', '{}', 'user:admin', ?, 60)""", id, env,
					Timestamp.from(now.minusSeconds(i)));
		}
		JsonNode page = admin.get("/api/v1/runs?environment=" + env + "&page=1&size=2").json();
		assertThat(page.path("items").findValuesAsString("id")).containsExactlyElementsOf(newestFirst.subList(2, 4));
		assertThat(page.path("totalItems").asLong()).isEqualTo(5);
		assertThat(page.path("totalPages").asInt()).isEqualTo(3);
		JsonNode last = admin.get("/api/v1/runs?environment=" + env + "&page=2&size=2").json();
		assertThat(last.path("items").findValuesAsString("id")).containsExactly(newestFirst.get(4));
		assertThat(last.path("totalItems").asLong()).isEqualTo(5);
	}

	/**
	 * Issue 8, fourth round: the unfiltered page (and a status or kind filter, written as literals) is a statement
	 * without parameters, so PostgreSQL keeps one plan for it per connection instead of planning every request
	 * ({@code limit ? offset ?} never got a generic plan). Read on one connection (a transaction) after pgjdbc has
	 * made it a named server-side statement (its 5th use). The pooled connection may already hold other tests' named
	 * statements (an environment filter is a parameter), so only this test's two pages are looked at: were the limit
	 * and offset parameters again, neither would be found.
	 */
	@Test
	void theUnfilteredPageIsPlannedOncePerConnection() {
		List<Map<String, Object>> plans = new TransactionTemplate(transactions).execute(status -> {
			for (int i = 0; i < 8; i++) {
				Page<io.opsdeck.execution.RunSummary> page = list.page(new RunService.RunFilter(null, null, null),
						PageRequest.of(0, 3));
				assertThat(page.getTotalElements()).isGreaterThanOrEqualTo(page.getContent().size());
				list.page(new RunService.RunFilter(RunStatus.SUCCEEDED, RunKind.SSH, null), PageRequest.of(1, 2));
			}
			return jdbc.queryForList("""
					select statement, generic_plans, custom_plans from pg_prepared_statements
					where statement like '%left join lateral%'
					and (statement like '%limit 3 offset 0%' or statement like '%limit 2 offset 2%')""");
		});
		assertThat(plans).as("the unfiltered page and the status+kind page, each one named statement").hasSize(2);
		for (Map<String, Object> plan : plans) {
			assertThat(((Number) plan.get("custom_plans")).longValue()).as(plan.get("statement").toString())
				.isZero();
			assertThat(((Number) plan.get("generic_plans")).longValue()).as(plan.get("statement").toString())
				.isPositive();
		}
	}

	private void assertTotals(ApiClient admin, String a, String b) {
		for (String environment : new String[] { a, b }) {
			for (String query : List.of("", "&kind=ssh", "&kind=ansible", "&status=SUCCEEDED", "&status=FAILED",
					"&status=SUCCEEDED&kind=ssh")) {
				String kind = query.contains("kind=") ? query.replaceAll(".*kind=(\\w+).*", "$1").toUpperCase() : null;
				String status = query.contains("status=") ? query.replaceAll(".*status=(\\w+).*", "$1") : null;
				long expected = jdbc.queryForObject("""
						select count(*) from runs where environment = ?
						and (?::text is null or kind = ?) and (?::text is null or status = ?)""", Long.class,
						environment, kind, kind, status, status);
				JsonNode page = admin.get("/api/v1/runs?environment=" + environment + query).json();
				assertThat(page.path("totalItems").asLong()).as(environment + query).isEqualTo(expected);
			}
		}
		// no filter: all runs (other tests' schedules may launch one between the two reads: retry until quiet)
		await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
			long all = jdbc.queryForObject("select count(*) from runs", Long.class);
			assertThat(admin.get("/api/v1/runs?size=1").json().path("totalItems").asLong()).isEqualTo(all);
		});
	}

}
