package io.opsdeck.audit;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.opsdeck.audit.internal.AuditEntry;
import io.opsdeck.audit.internal.AuditOutcome;
import io.opsdeck.audit.internal.AuditPurge;
import io.opsdeck.audit.internal.AuditWriter;
import io.opsdeck.execution.AnsibleRunRequest;
import io.opsdeck.execution.Runs;
import io.opsdeck.identity.Actor;
import io.opsdeck.identity.Role;
import io.opsdeck.support.ApiClient;
import io.opsdeck.support.ApiClient.Response;
import io.opsdeck.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The audit log on the running application and its real PostgreSQL: entries from sign-ins (with the client's
 * loopback address, 127.0.0.138–.140), API tokens, refused requests and scheduled runs; the append-only trigger and
 * the retention purge; search, validation and the CSV/JSON exports; and that a secret sent in a body or a query
 * string never reaches {@code audit_events}.
 */
@IntegrationTest
class AuditIntegrationTests {

	private static final Duration WAIT = Duration.ofSeconds(10);

	@LocalServerPort
	int port;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	PasswordEncoder passwordEncoder;

	@Autowired
	Runs runs;

	@Autowired
	AuditPurge purge;

	@Autowired
	TransactionTemplate transactions;

	@Autowired
	AuditWriter writer;

	private ApiClient admin() {
		return new ApiClient(port, IntegrationTest.ADMIN_TOKEN);
	}

	private static String unique(String prefix) {
		return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
	}

	/** @return the entries matching a SQL condition, newest first, as column maps */
	private List<Map<String, Object>> entries(String where, Object... arguments) {
		return jdbc.queryForList("select * from audit_events where " + where + " order by id desc", arguments);
	}

	private Map<String, Object> awaitEntry(String where, Object... arguments) {
		return await().atMost(WAIT).until(() -> entries(where, arguments), found -> !found.isEmpty()).get(0);
	}

	/** @return how many entries hold {@code text} in any column */
	private long entriesContaining(String text) {
		Long count = jdbc.queryForObject("select count(*) from audit_events a where a::text like ?", Long.class,
				"%" + text.replace("%", "\\%").replace("_", "\\_") + "%");
		return (count != null) ? count : 0;
	}

	private String createUser(String role) {
		String username = unique("audit-" + role.toLowerCase());
		jdbc.update("insert into users (id, username, password_hash, role, enabled, created_at) "
				+ "values (?, ?, ?, ?, true, now())", UUID.randomUUID(), username,
				passwordEncoder.encode("pw-" + username), role);
		return username;
	}

	private String createToken(String name, String role) {
		Response created = admin().post("/api/v1/tokens", Map.of("name", name, "role", role, "expiresInDays", 2));
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		return created.json().path("token").asString();
	}

	private String createEnvironmentWithLocalServer() {
		String environment = unique("audit");
		Response created = admin().post("/api/v1/environments",
				Map.of("name", environment, "kind", "staging", "cloudProvider", "aws", "region", "eu-central-1"));
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		Response server = admin().post("/api/v1/servers", Map.of("name", environment + "-local", "host", "127.0.0.1",
				"username", "root", "environment", environment, "connection", "local"));
		assertThat(server.status()).as(server.toString()).isEqualTo(201);
		return environment;
	}

	@Test
	void signInsFailedSignInsAndSignOutsAreRecordedWithTheClientAddress() {
		String user = createUser("OPERATOR");

		LoopbackHttp wrong = new LoopbackHttp("127.0.0.138", port);
		assertThat(wrong.login(user, "not-the-password").header("Location")).endsWith("/login?error");
		Map<String, Object> failed = awaitEntry("action = 'LOGIN' and target = ?", "user:" + user);
		assertThat(failed).containsEntry("outcome", "DENIED")
			.containsEntry("actor", "anonymous")
			.containsEntry("address", "127.0.0.138")
			.containsEntry("detail", "bad credentials");

		// a password typed into the user name field: no such user, so the name is not kept
		String typedPassword = unique("Tr0ub4dor&3");
		new LoopbackHttp("127.0.0.139", port).login(typedPassword, "whatever");
		Map<String, Object> unknown = awaitEntry("action = 'LOGIN' and address = '127.0.0.139' and target is null");
		assertThat(unknown.get("outcome")).isEqualTo("DENIED");
		assertThat((String) unknown.get("detail")).contains("unknown user name");
		assertThat(entriesContaining(typedPassword)).isZero();
		assertThat(entriesContaining("not-the-password")).isZero();

		LoopbackHttp browser = new LoopbackHttp("127.0.0.140", port);
		assertThat(browser.login(user, "pw-" + user).header("Location")).doesNotContain("error");
		Map<String, Object> signedIn = awaitEntry("action = 'LOGIN' and actor = ?", "user:" + user);
		assertThat(signedIn).containsEntry("outcome", "SUCCESS")
			.containsEntry("actor_role", "OPERATOR")
			.containsEntry("address", "127.0.0.140")
			.containsEntry("status", 302);
		assertThat(entriesContaining("pw-" + user)).isZero();

		browser.logout();
		Map<String, Object> signedOut = awaitEntry("action = 'LOGOUT' and actor = ?", "user:" + user);
		assertThat(signedOut).containsEntry("outcome", "SUCCESS").containsEntry("address", "127.0.0.140");
	}

	@Test
	void aTokensChangesAreRecordedAsTheTokenAndRefusedOnesAsDenied() {
		String name = unique("audit-ci");
		ApiClient ci = new ApiClient(port, createToken(name, "OPERATOR"));

		Response created = ci.post("/api/v1/tokens",
				Map.of("name", unique("audit-child"), "role", "VIEWER", "expiresInDays", 1));
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		String childId = created.json().path("id").asString();
		Response revoked = ci.delete("/api/v1/tokens/" + childId);
		assertThat(revoked.status()).as(revoked.toString()).isEqualTo(204);
		Map<String, Object> revoke = awaitEntry("actor = ? and action = 'DELETE /api/v1/tokens/{id}'", "token:" + name);
		assertThat(revoke).containsEntry("outcome", "SUCCESS")
			.containsEntry("status", 204)
			.containsEntry("target", "id=" + childId)
			.containsEntry("actor_role", "OPERATOR")
			.containsEntry("address", "127.0.0.1");
		assertThat(entries("actor = ? and action = 'POST /api/v1/tokens'", "token:" + name)).hasSize(1);

		// an operator may not create environments: 403
		String environment = unique("audit-denied");
		Map<String, Object> body = Map.of("name", environment, "kind", "staging", "cloudProvider", "aws", "region",
				"eu-central-1");
		assertThat(ci.post("/api/v1/environments", body).status()).isEqualTo(403);
		assertThat(awaitEntry("actor = ? and action = 'POST /api/v1/environments'", "token:" + name))
			.containsEntry("outcome", "DENIED")
			.containsEntry("status", 403);

		// nobody: 401, and the route is known although Spring MVC never saw the request
		Response anonymous = new ApiClient(port, null).put("/api/v1/environments/" + environment, body);
		assertThat(anonymous.status()).isEqualTo(401);
		assertThat(awaitEntry("actor = 'anonymous' and action = 'PUT /api/v1/environments/{name}' and target = ?",
				"name=" + environment))
			.containsEntry("outcome", "DENIED")
			.containsEntry("environment", environment)
			.containsEntry("status", 401);

		// a token that does not exist: its prefix only
		String bogus = "odk_" + UUID.randomUUID().toString().replace("-", "") + "xyzXYZ0123";
		assertThat(new ApiClient(port, bogus).delete("/api/v1/tokens/" + childId).status()).isEqualTo(401);
		Map<String, Object> rejected = awaitEntry("detail like ?", "%" + bogus.substring(0, 8) + "…%");
		assertThat(rejected).containsEntry("outcome", "DENIED").containsEntry("action", "DELETE /api/v1/tokens/{id}");
		assertThat(entriesContaining(bogus.substring(0, 12))).isZero();

		// a signed-in page without its CSRF token: 403, recorded as the user
		String user = createUser("ADMIN");
		LoopbackHttp page = new LoopbackHttp("127.0.0.141", port);
		page.login(user, "pw-" + user);
		assertThat(page.postForm("/tokens", Map.of("name", "no-csrf", "role", "VIEWER")).status()).isEqualTo(403);
		assertThat(awaitEntry("actor = ? and action = 'POST /tokens'", "user:" + user))
			.containsEntry("outcome", "DENIED")
			.containsEntry("address", "127.0.0.141");
	}

	@Test
	void aRunQueuedByAScheduleIsRecordedAsTheScheduleAndAnHttpRunOnItsRequest() {
		String environment = createEnvironmentWithLocalServer();
		String schedule = environment + " nightly";
		UUID runId = runs.launch(new AnsibleRunRequest("health-check.yml", environment, Map.of(), Map.of(), List.of(),
				null, true, null, 60), new Actor(Actor.Kind.SCHEDULE, schedule, Role.ADMIN));
		runs.cancel(runId, Actor.system());
		Map<String, Object> queued = awaitEntry("actor = ?", "schedule:" + schedule);
		assertThat(queued).containsEntry("action", "RUN_QUEUED")
			.containsEntry("target", "run=" + runId)
			.containsEntry("environment", environment)
			.containsEntry("outcome", "SUCCESS")
			.containsEntry("actor_role", "ADMIN")
			.containsEntry("detail", "health-check.yml");
		assertThat(queued.get("node")).isNotNull();

		// started over HTTP with a secret extra var: the request's entry names the run, the secret is nowhere
		String secret = unique("S3cret-extra-var-value");
		Map<String, Object> start = new LinkedHashMap<>();
		start.put("kind", "ansible");
		start.put("playbook", "health-check.yml");
		start.put("environment", environment);
		start.put("check", true);
		start.put("secretExtraVars", Map.of("db_password", secret));
		// a secret in a query parameter the endpoint does not take: refused (KnownQueryParameters), audited without it
		Response misplaced = admin().post("/api/v1/runs?token=" + secret, start);
		assertThat(misplaced.status()).as(misplaced.toString()).isEqualTo(400);
		Response started = admin().post("/api/v1/runs", start);
		assertThat(started.status()).as(started.toString()).isEqualTo(202);
		String httpRun = started.json().path("id").asString();
		admin().post("/api/v1/runs/" + httpRun + "/cancel", Map.of());
		Map<String, Object> request = awaitEntry("action = 'POST /api/v1/runs' and detail like ?", "%" + httpRun + "%");
		assertThat(request).containsEntry("actor", "token:bootstrap")
			.containsEntry("environment", environment)
			.containsEntry("outcome", "SUCCESS");
		assertThat(entries("action = 'RUN_QUEUED' and target = ?", "run=" + httpRun)).as("no second entry").isEmpty();
		assertThat(entriesContaining(secret)).isZero();
	}

	@Test
	void aSecretSentInABodyOrQueryAppearsNowhereInTheAuditLog() {
		String secret = unique("hunter2-secret-value");
		String name = unique("audit-secret");
		Response misplaced = admin().post("/api/v1/credentials?password=" + secret,
				Map.of("name", name, "type", "secret", "value", secret));
		assertThat(misplaced.status()).as("not a parameter of this endpoint: refused").isEqualTo(400);
		assertThat(misplaced.body()).doesNotContain(secret);
		Response created = admin().post("/api/v1/credentials", Map.of("name", name, "type", "secret", "value", secret));
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		String id = created.json().path("id").asString();
		Response refused = admin().post("/api/v1/credentials", Map.of("name", name, "type", "secret", "value", secret));
		assertThat(refused.status()).as(refused.toString()).isEqualTo(409);
		assertThat(admin().delete("/api/v1/credentials/" + id).status()).isEqualTo(204);

		assertThat(awaitEntry("action = 'DELETE /api/v1/credentials/{id}' and target = ?", "id=" + id))
			.containsEntry("outcome", "SUCCESS");
		assertThat(entries("action = 'POST /api/v1/credentials' and status = 409")).isNotEmpty();
		assertThat(entries("action = 'POST /api/v1/credentials' and status = 400")).isNotEmpty();
		assertThat(entriesContaining(secret)).isZero();
		assertThat(entriesContaining("password=")).isZero();
	}

	@Test
	void theDatabaseRefusesToChangeEntriesAndThePurgeDeletesOnlyThoseOlderThanTheRetention() {
		String marker = unique("append-only");
		long recent = insert(Instant.now().minus(399, ChronoUnit.DAYS), "user:old", "POST /x", "SUCCESS", marker);
		long old = insert(Instant.now().minus(401, ChronoUnit.DAYS), "user:old", "POST /x", "SUCCESS", marker);

		for (String statement : List.of("update audit_events set actor = 'user:mallory' where id = " + recent,
				"delete from audit_events where id = " + old, "truncate audit_events")) {
			assertThatThrownBy(() -> jdbc.execute(statement)).as(statement)
				.isInstanceOf(DataAccessException.class)
				.rootCause()
				.hasMessageContaining("append-only");
		}
		// the purge's own switch with a cut-off of now does not open recent rows
		assertThatThrownBy(() -> transactions.executeWithoutResult(status -> {
			jdbc.queryForObject("select set_config('opsdeck.audit_purge_before', now()::text, true)", String.class);
			jdbc.update("delete from audit_events where id = ?", recent);
		})).rootCause().hasMessageContaining("append-only");
		assertThatThrownBy(() -> jdbc.queryForObject("select audit_purge(0)", Long.class))
			.rootCause()
			.hasMessageContaining("at least 1 day");

		assertThat(purge.purge()).isGreaterThanOrEqualTo(1);
		assertThat(entries("detail = ?", marker)).extracting(row -> ((Number) row.get("id")).longValue())
			.containsExactly(recent);
	}

	private long insert(Instant at, String actor, String action, String outcome, String detail) {
		Long id = jdbc.queryForObject("insert into audit_events (occurred_at, actor, actor_role, address, action, "
				+ "target, environment, outcome, status, detail, node) values (?, ?, 'ADMIN', '192.0.2.7', ?, ?, ?, ?, "
				+ "200, ?, 'test') returning id", Long.class, OffsetDateTime.ofInstant(at, ZoneOffset.UTC), actor,
				action, null, null, outcome, detail);
		return id;
	}

	private long insert(Instant at, String actor, String action, String target, String environment, String outcome,
			String detail) {
		return jdbc.queryForObject("insert into audit_events (occurred_at, actor, actor_role, address, action, "
				+ "target, environment, outcome, status, detail, node) values (?, ?, 'ADMIN', '192.0.2.7', ?, ?, ?, ?, "
				+ "200, ?, 'test') returning id", Long.class, OffsetDateTime.ofInstant(at, ZoneOffset.UTC), actor,
				action, target, environment, outcome, detail);
	}

	@Test
	void searchFiltersEntriesAndABadFilterIsA400NamingIt() {
		String marker = unique("search");
		Instant base = Instant.now().minus(2, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
		insert(base, "user:alice", "POST /api/v1/runs", null, "staging", "SUCCESS", marker);
		insert(base.plusSeconds(60), "token:ci_deploy", "POST /api/v1/runs/{id}/cancel", "id=1", "staging", "DENIED",
				marker);
		insert(base.plusSeconds(120), "token:other", "DELETE /api/v1/servers/{id}", "id=2", "production", "FAILURE",
				marker);
		insert(base.plusSeconds(180), "anonymous", "LOGIN", "user:alice", null, "DENIED", marker + " 100%_done");

		assertThat(search("q=" + marker)).hasSize(4);
		assertThat(search("q=" + marker + "&actor=user:alice")).hasSize(1);
		assertThat(search("q=" + marker + "&actor=token:")).hasSize(2);
		assertThat(search("q=" + marker + "&action=runs")).hasSize(2);
		assertThat(search("q=" + marker + "&environment=staging&outcome=denied")).hasSize(1);
		assertThat(search("q=" + marker + "&from=" + base.plusSeconds(60) + "&to=" + base.plusSeconds(120)))
			.extracting(e -> e.path("actor").asString())
			.containsExactly("token:other", "token:ci_deploy");
		assertThat(search("q=" + marker + " 100%25_done")).hasSize(1);
		assertThat(search("q=" + marker + "&size=1&page=1")).hasSize(1);
		JsonNode page = admin().get("/api/v1/audit?size=1&page=0&q=" + marker).json();
		assertThat(page.path("totalItems").asLong()).isEqualTo(4);
		assertThat(page.path("items").get(0).path("action").asString()).isEqualTo("LOGIN");

		assertBadFilter("outcome=MAYBE", "outcome");
		assertBadFilter("from=yesterday", "from");
		assertBadFilter("from=2026-02-02&to=2026-02-01", "to");
		assertBadFilter("size=500", "size");
		assertBadFilter("page=-1", "page");
		assertBadFilter("q=" + "x".repeat(201), "q");
		Response format = admin().get("/api/v1/audit/export?format=xml");
		assertThat(format.status()).isEqualTo(400);
		assertThat(format.json().path("errors").get(0).path("field").asString()).isEqualTo("format");

		ApiClient viewer = new ApiClient(port, createToken(unique("audit-viewer"), "VIEWER"));
		assertThat(viewer.get("/api/v1/audit").status()).isEqualTo(403);
		assertThat(viewer.get("/api/v1/audit/export").status()).isEqualTo(403);
	}

	private List<JsonNode> search(String query) {
		Response found = admin().get("/api/v1/audit?" + query.replace(" ", "%20"));
		assertThat(found.status()).as(found.toString()).isEqualTo(200);
		List<JsonNode> items = new ArrayList<>();
		found.json().path("items").forEach(items::add);
		return items;
	}

	private void assertBadFilter(String query, String field) {
		Response refused = admin().get("/api/v1/audit?" + query);
		assertThat(refused.status()).as(query).isEqualTo(400);
		assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
		assertThat(refused.json().path("errors").get(0).path("field").asString()).as(query).isEqualTo(field);
	}

	@Test
	void theCsvExportQuotesCellsAndDefusesFormulasAndTheJsonExportIsAnArray() {
		String marker = unique("export");
		insert(Instant.now(), "=HYPERLINK(\"http://evil\")", "POST /x", "a,b \"c\"", null, "SUCCESS", marker);
		insert(Instant.now(), "user:bob", "-2+3", "line\nbreak", null, "DENIED", marker);

		Response csv = admin().get("/api/v1/audit/export?format=csv&q=" + marker);
		assertThat(csv.status()).isEqualTo(200);
		assertThat(csv.header("Content-Type")).startsWith("text/csv");
		assertThat(csv.header("Content-Disposition")).startsWith("attachment").contains(".csv");
		String[] lines = csv.body().split("\r\n");
		assertThat(lines[0]).isEqualTo("id,occurred_at,actor,actor_role,address,action,target,environment,outcome,"
				+ "status,detail,node");
		assertThat(csv.body()).contains(",\"'=HYPERLINK(\"\"http://evil\"\")\",ADMIN,192.0.2.7,POST /x,\"a,b \"\"c\"\"\",,SUCCESS,200," + marker + ",test")
			.contains(",user:bob,ADMIN,192.0.2.7,'-2+3,\"line\nbreak\",,DENIED,200," + marker + ",test");

		Response json = admin().get("/api/v1/audit/export?format=json&q=" + marker);
		assertThat(json.status()).isEqualTo(200);
		assertThat(json.json().isArray()).isTrue();
		assertThat(json.json()).hasSize(2);
		assertThat(json.json().get(0).path("actor").asString()).isEqualTo("user:bob");
		assertThat(admin().get("/api/v1/audit/export?format=json&q=" + unique("nothing")).json()).isEmpty();
	}

	@Test
	void writeFailuresAndWriteTimesAreMetrics() {
		// a measurement for docs/audit.md, not an assertion: what one INSERT costs on this machine, warmed up
		String marker = unique("timing");
		AuditEntry entry = new AuditEntry(Instant.now(), "user:timing", "ADMIN", "127.0.0.1", "POST /api/v1/runs", null,
				null, AuditOutcome.SUCCESS, 202, marker);
		for (int i = 0; i < 20; i++) {
			writer.write(entry);
		}
		long start = System.nanoTime();
		for (int i = 0; i < 200; i++) {
			writer.write(entry);
		}
		double millis = (System.nanoTime() - start) / 1e6;
		System.out.printf("audit writes: 200 in %.1f ms, mean %.3f ms%n", millis, millis / 200);
		assertThat(entries("detail = ?", marker)).hasSize(220);

		Response scraped = admin().get("/actuator/prometheus");
		assertThat(scraped.status()).isEqualTo(200);
		assertThat(scraped.body()).contains("opsdeck_audit_write_failures_total");
		assertThat(metric(scraped.body(), "opsdeck_audit_write_seconds_count")).isGreaterThanOrEqualTo(220);
	}

	private static double metric(String exposition, String name) {
		return exposition.lines()
			.filter(line -> line.startsWith(name + " ") || line.startsWith(name + "{"))
			.mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
			.sum();
	}

}
