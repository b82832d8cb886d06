package io.opsdeck.execution;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import io.opsdeck.execution.internal.RunWaits;
import io.opsdeck.support.ApiClient;
import io.opsdeck.support.IntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code GET /api/v1/runs/{id}?waitSeconds=N}: a CI pipeline waits for the end of a run in one request instead of
 * polling; on the local connection of the demo environment (real runs, real PostgreSQL, no mocks).
 */
@IntegrationTest
class RunWaitIntegrationTests {

	@LocalServerPort
	int port;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	RunWaits waits;

	ApiClient admin;

	String localhost;

	@BeforeEach
	void setUp() {
		admin = new ApiClient(port, IntegrationTest.ADMIN_TOKEN);
		localhost = admin.get("/api/v1/servers?environment=demo").json().path("items").get(0).path("id").asText();
	}

	@Test
	void aRunThatEndsDuringTheWaitIsAnsweredAtItsEndWithItsFinalStateAndAllItsOutput() {
		String id = start("sleep 1; seq 1 2000");
		long started = System.nanoTime();
		ApiClient.Response waited = admin.get("/api/v1/runs/" + id + "?waitSeconds=50");
		Duration took = Duration.ofNanos(System.nanoTime() - started);

		assertThat(waited.status()).as(waited.body()).isEqualTo(200);
		JsonNode run = waited.json();
		assertThat(run.path("status").asText()).isEqualTo("SUCCEEDED");
		assertThat(run.path("exitCode").asInt()).isZero();
		assertThat(run.path("lineCount").asLong()).as("every line is stored when the end is announced").isEqualTo(2000);
		assertThat(took).as("answered at the run's end, long before the wait was up").isLessThan(Duration.ofSeconds(30));
		assertThat(admin.get("/api/v1/runs/" + id).json()).as("the same view as the plain GET").isEqualTo(run);
		await().atMost(Duration.ofSeconds(5)).until(() -> waits.waiters() == 0);
	}

	@Test
	void aRunThatHasEndedOrAZeroWaitIsAnsweredAtOnce() {
		String id = start("echo done");
		JsonNode ended = admin.get("/api/v1/runs/" + id + "?waitSeconds=300").json();
		assertThat(ended.path("status").asText()).isEqualTo("SUCCEEDED");

		long started = System.nanoTime();
		JsonNode again = admin.get("/api/v1/runs/" + id + "?waitSeconds=300").json();
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
		assertThat(again).isEqualTo(ended);

		String sleeping = start("sleep 60");
		JsonNode now = admin.get("/api/v1/runs/" + sleeping + "?waitSeconds=0").json();
		assertThat(now.path("status").asText()).isIn("QUEUED", "RUNNING");
		admin.post("/api/v1/runs/" + sleeping + "/cancel", Map.of());
	}

	@Test
	void whenTheTimeIsUpTheRunIsAnsweredInItsStateThen() {
		String id = start("sleep 60");
		long started = System.nanoTime();
		JsonNode run = admin.get("/api/v1/runs/" + id + "?waitSeconds=2").json();
		Duration took = Duration.ofNanos(System.nanoTime() - started);

		assertThat(run.path("status").asText()).isIn("QUEUED", "RUNNING");
		assertThat(took).isGreaterThanOrEqualTo(Duration.ofSeconds(2)).isLessThan(Duration.ofSeconds(20));
		await().atMost(Duration.ofSeconds(5)).until(() -> waits.waiters() == 0);

		CompletableFuture<ApiClient.Response> waiting = CompletableFuture
			.supplyAsync(() -> admin.get("/api/v1/runs/" + id + "?waitSeconds=50"));
		await().atMost(Duration.ofSeconds(10)).until(() -> waits.waiters() == 1);
		admin.post("/api/v1/runs/" + id + "/cancel", Map.of());
		JsonNode cancelled = waiting.join().json();
		assertThat(cancelled.path("status").asText()).as("a cancelled run ends the wait too").isEqualTo("CANCELLED");
	}

	@Test
	void aRunEndingOnAnotherNodeEndsTheWaitThroughTheStoredStatus() {
		UUID id = UUID.randomUUID();
		jdbc.update("""
				insert into runs (id, kind, status, command, parameters, triggered_by, created_at, started_at,
				                  timeout_seconds, node_id, heartbeat_at)
				values (?, 'SSH', 'RUNNING', 'sleep 600', '{}', 'user:admin', now(), now(), 3600, 'other-node', now())""",
				id);
		CompletableFuture<ApiClient.Response> waiting = CompletableFuture
			.supplyAsync(() -> admin.get("/api/v1/runs/" + id + "?waitSeconds=50"));
		await().atMost(Duration.ofSeconds(10)).until(() -> waits.waiters() == 1);
		assertThat(waiting).isNotDone();

		long ended = System.nanoTime();
		jdbc.update("update runs set status = 'SUCCEEDED', finished_at = now(), exit_code = 0 where id = ?", id);
		JsonNode run = waiting.join().json();
		assertThat(run.path("status").asText()).isEqualTo("SUCCEEDED");
		assertThat(Duration.ofNanos(System.nanoTime() - ended)).as("seen by the check of stored runs, every second")
			.isLessThan(Duration.ofSeconds(30));
	}

	@Test
	void badWaitsAre400ProblemsAndScopedTokensAreRefusedAsForThePlainGet() {
		String id = start("sleep 30");
		Map<String, String> messages = Map.of("-1", "must be greater than or equal to 0", "301",
				"must be less than or equal to 300", "abc", "must be a whole number from 0 to 300", "1.5",
				"must be a whole number from 0 to 300");
		messages.forEach((bad, message) -> {
			ApiClient.Response refused = admin.get("/api/v1/runs/" + id + "?waitSeconds=" + bad);
			assertThat(refused.status()).as(bad + ": " + refused.body()).isEqualTo(400);
			assertThat(refused.header("Content-Type")).contains("application/problem+json");
			JsonNode error = refused.json().path("errors").path(0);
			assertThat(error.path("field").asText()).as(bad + ": " + refused.body()).isEqualTo("waitSeconds");
			assertThat(error.path("message").asText()).as(bad + ": " + refused.body()).isEqualTo(message);
		});

		String token = admin.post("/api/v1/tokens", Map.of("name", "scoped-" + UUID.randomUUID(), "role", "ADMIN",
				"environments", List.of("staging"))).json().path("token").asText();
		ApiClient scoped = admin.withToken(token);
		ApiClient.Response plain = scoped.get("/api/v1/runs/" + id);
		long started = System.nanoTime();
		ApiClient.Response waited = scoped.get("/api/v1/runs/" + id + "?waitSeconds=50");
		assertThat(plain.status()).as(plain.body()).isIn(403, 404);
		assertThat(waited.status()).isEqualTo(plain.status());
		assertThat(waited.json().path("detail")).isEqualTo(plain.json().path("detail"));
		assertThat(Duration.ofNanos(System.nanoTime() - started)).as("refused before any wait")
			.isLessThan(Duration.ofSeconds(10));
		assertThat(admin.withToken(null).get("/api/v1/runs/" + id + "?waitSeconds=50").status()).isEqualTo(401);
		admin.post("/api/v1/runs/" + id + "/cancel", Map.of());
	}

	@Test
	void theOpenApiDocumentDescribesTheWaitOnTheSingleRunGet() {
		JsonNode get = admin.get("/v3/api-docs").json().path("paths").path("/api/v1/runs/{id}").path("get");
		assertThat(get.path("parameters").valueStream().map(p -> p.path("name").asText()))
			.containsExactlyInAnyOrder("id", "waitSeconds");
		assertThat(get.path("description").asText()).contains("waitSeconds");
	}

	private String start(String command) {
		ApiClient.Response started = admin.post("/api/v1/runs",
				Map.of("kind", "ssh", "command", command, "servers", List.of(localhost)));
		assertThat(started.status()).as(started.body()).isEqualTo(202);
		return started.json().path("id").asText();
	}

}
