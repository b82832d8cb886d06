package io.opsdeck.execution;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.opsdeck.support.ApiClient;
import io.opsdeck.support.IntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Who may start runs, what a dead node leaves behind, and what runs report to Prometheus; on the local connection of
 * the demo environment, so no SSH server is needed.
 */
@IntegrationTest
class RunLifecycleIntegrationTests {

	@LocalServerPort
	int port;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	TransactionTemplate transactions;

	ApiClient admin;

	String localhost;

	@BeforeEach
	void setUp() {
		admin = new ApiClient(port, IntegrationTest.ADMIN_TOKEN);
		JsonNode servers = admin.get("/api/v1/servers?environment=demo").json().path("items");
		localhost = servers.get(0).path("id").asText();
	}

	@Test
	void withoutATokenTheApiAnswers401AndAViewerTokenCannotStartRuns() {
		Map<String, Object> run = Map.of("kind", "ssh", "command", "true", "servers", List.of(localhost));
		ApiClient anonymous = admin.withToken(null);
		ApiClient.Response unauthenticated = anonymous.post("/api/v1/runs", run);
		assertThat(unauthenticated.status()).isEqualTo(401);
		assertThat(unauthenticated.header("Content-Type")).contains("application/problem+json");
		String viewerToken = admin.post("/api/v1/tokens", Map.of("name", "viewer-" + UUID.randomUUID(), "role", "VIEWER"))
			.json()
			.path("token")
			.asText();
		ApiClient viewer = admin.withToken(viewerToken);
		assertThat(viewer.post("/api/v1/runs", run).status()).isEqualTo(403);
		assertThat(viewer.get("/api/v1/runs").status()).isEqualTo(200);
	}

	@Test
	void anOperatorCannotUseTheLocalConnection() {
		String operatorToken = admin
			.post("/api/v1/tokens", Map.of("name", "operator-" + UUID.randomUUID(), "role", "OPERATOR"))
			.json()
			.path("token")
			.asText();
		ApiClient operator = admin.withToken(operatorToken);
		ApiClient.Response refused = operator.post("/api/v1/runs",
				Map.of("kind", "ssh", "command", "id", "servers", List.of(localhost)));
		assertThat(refused.status()).isEqualTo(403);
		assertThat(refused.json().path("detail").asText()).contains("local connection");
	}

	@Test
	void aTimeoutAlsoStopsChildrenThatDetachedAndStillHoldTheOutput() {
		Map<String, Object> body = Map.of("kind", "ssh", "command", "(sleep 61 &); echo bg; sleep 100", "servers",
				List.of(localhost), "timeoutSeconds", 2);
		String id = admin.post("/api/v1/runs", body).json().path("id").asText();
		await().atMost(Duration.ofSeconds(20))
			.until(() -> "TIMED_OUT".equals(admin.get("/api/v1/runs/" + id).json().path("status").asText()));
	}

	@Test
	void theLocalConnectionRuleIsCheckedAgainWhenAQueuedRunStarts() {
		UUID id = UUID.randomUUID();
		jdbc.update("""
				insert into runs (id, kind, status, command, parameters, triggered_by, triggered_by_role, created_at,
				                  timeout_seconds)
				values (?, 'SSH', 'QUEUED', 'id', ?, 'token:ci', 'OPERATOR', now(), 60)""", id,
				"{\"servers\":[\"" + localhost + "\"],\"parallelism\":1}");
		jdbc.update("insert into run_hosts (run_id, position, host, server_id, status)"
				+ " values (?, 0, 'localhost', ?, 'PENDING')", id, UUID.fromString(localhost));
		await().atMost(Duration.ofSeconds(20))
			.until(() -> "FAILED".equals(admin.get("/api/v1/runs/" + id).json().path("status").asText()));
		assertThat(admin.get("/api/v1/runs/" + id).json().path("message").asText()).contains("local connection")
			.contains("token:ci");
	}

	@Test
	void secretsTooShortToMaskAndOptionLikeLimitsAreRefused() {
		JsonNode shortSecret = admin.post("/api/v1/runs", Map.of("kind", "ansible", "playbook", "ping.yml",
				"environment", "demo", "secretExtraVars", Map.of("message", "e"))).json();
		assertThat(shortSecret.path("errors").get(0).path("field").asText()).isEqualTo("secretExtraVars.message");
		JsonNode optionLimit = admin.post("/api/v1/runs", Map.of("kind", "ansible", "playbook", "ping.yml",
				"environment", "demo", "limit", "--version")).json();
		assertThat(optionLimit.path("errors").get(0).path("field").asText()).isEqualTo("limit");
		JsonNode optionTag = admin.post("/api/v1/runs", Map.of("kind", "ansible", "playbook", "ping.yml",
				"environment", "demo", "tags", List.of("--version"))).json();
		assertThat(optionTag.path("errors").get(0).path("field").asText()).isEqualTo("tags");
	}

	@Test
	void aRunWhoseNodeStoppedIsMarkedInterruptedAndKeepsItsOutput() {
		UUID id = UUID.randomUUID();
		Timestamp longAgo = Timestamp.from(Instant.now().minus(Duration.ofMinutes(10)));
		// one transaction: the heartbeat counts the run's lines when it marks it, so it must never see the run
		// without its chunk (CI, 2026-12-06: it ran between the inserts and stored lineCount 0)
		transactions.executeWithoutResult(status -> insertRunOfDeadNode(id, longAgo));
		await().atMost(Duration.ofSeconds(20))
			.until(() -> "INTERRUPTED".equals(admin.get("/api/v1/runs/" + id).json().path("status").asText()));
		JsonNode run = admin.get("/api/v1/runs/" + id).json();
		assertThat(run.path("message").asText()).contains("dead-node");
		assertThat(run.path("lineCount").asLong()).isEqualTo(1);
		assertThat(admin.get("/api/v1/runs/" + id + "/log").body()).isEqualTo("before\n");
		// breaker round 6, item 3: the host the node was running ends with the run, not PENDING as if never started
		JsonNode host = run.path("hosts").get(0);
		assertThat(host.path("status").asText()).isEqualTo("CANCELLED");
		assertThat(host.path("message").asText()).contains("dead-node");
	}

	private void insertRunOfDeadNode(UUID id, Timestamp longAgo) {
		jdbc.update("""
				insert into runs (id, kind, status, command, parameters, triggered_by, created_at, started_at,
				                  timeout_seconds, node_id, heartbeat_at)
				values (?, 'SSH', 'RUNNING', 'sleep 600', '{}', 'user:admin', ?, ?, 3600, 'dead-node', ?)""", id,
				longAgo, longAgo, longAgo);
		jdbc.update("insert into run_hosts (run_id, position, host, status) values (?, 0, 'web-1', 'PENDING')", id);
		jdbc.update("insert into run_output_chunks (run_id, first_seq, last_seq, line_count, text_bytes, data, created_at)"
				+ " values (?, 1, 1, 1, 7, ?, now())", id, io.opsdeck.execution.internal.output.ChunkCodec.encode(
						List.of(new io.opsdeck.execution.internal.output.OutputLine(1, longAgo.getTime(),
								io.opsdeck.execution.internal.output.StreamKind.STDOUT, "web-1", "before", false, true))));
	}

	@Test
	void finishedRunsAreCountedForPrometheus() {
		JsonNode started = admin
			.post("/api/v1/runs", Map.of("kind", "ssh", "command", "echo metric", "servers", List.of(localhost)))
			.json();
		String id = started.path("id").asText();
		await().atMost(Duration.ofSeconds(30))
			.until(() -> "SUCCEEDED".equals(admin.get("/api/v1/runs/" + id).json().path("status").asText()));
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			String metrics = admin.get("/actuator/prometheus").body();
			assertThat(metrics).contains("opsdeck_runs_total{environment=\"demo\",kind=\"ssh\",status=\"SUCCEEDED\"")
				.contains("opsdeck_run_duration_seconds")
				.contains("opsdeck_output_subscribers");
		});
	}

	@Test
	void theOpenApiDocumentDescribesTheRunEndpoints() {
		JsonNode paths = admin.get("/v3/api-docs").json().path("paths");
		assertThat(paths.has("/api/v1/runs")).isTrue();
		assertThat(paths.path("/api/v1/runs").has("post")).isTrue();
		assertThat(paths.has("/api/v1/runs/{id}/events")).isTrue();
		assertThat(paths.has("/api/v1/runs/{id}/log")).isTrue();
		assertThat(paths.has("/api/v1/runs/{id}/cancel")).isTrue();
		assertThat(paths.has("/api/v1/servers")).isTrue();
		assertThat(paths.has("/api/v1/environments")).isTrue();
		assertThat(paths.has("/api/v1/credentials")).isTrue();
		assertThat(paths.has("/api/v1/tokens")).isTrue();
	}

}
