package io.opsdeck.system;

import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.opsdeck.backups.BackupSource;
import io.opsdeck.backups.BackupSourceSettings;
import io.opsdeck.execution.AnsibleRunRequest;
import io.opsdeck.execution.Runs;
import io.opsdeck.identity.Actor;
import io.opsdeck.identity.Role;
import io.opsdeck.shared.ConflictException;
import io.opsdeck.support.ApiClient;
import io.opsdeck.support.ApiClient.Response;
import io.opsdeck.support.Concurrently;
import io.opsdeck.support.IntegrationTest;
import io.opsdeck.support.S3Server;
import io.opsdeck.support.SshdExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Idempotency-Key and the exclusive-run 409 (issue 7, "Idempotency"; docs/security.md): a CI retry with the same key
 * gets the first answer and no second run, for an SSH run (real sshd on 127.0.0.142) and for "back up now" (S3 on
 * 127.0.0.143); simultaneous requests with one key start one run; the partial unique index refusing a launch in a
 * race names the holder exactly as the check before the insert does.
 */
@IntegrationTest
class IdempotencyIntegrationTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@RegisterExtension
	static final SshdExtension sshd = SshdExtension.on("127.0.0.142");

	private static S3Server s3;

	private static String environment;

	private static String server;

	@LocalServerPort
	int port;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	Runs runs;

	@Autowired
	PlatformTransactionManager transactionManager;

	@Autowired
	ConfigurableApplicationContext context;

	ApiClient api;

	@BeforeAll
	static void start() {
		s3 = S3Server.start("127.0.0.143");
		s3.createBucket("idem-backups");
	}

	@AfterAll
	static void stop() {
		s3.close();
	}

	@BeforeEach
	void setUp() {
		api = new ApiClient(port, IntegrationTest.ADMIN_TOKEN);
		if (environment != null) {
			return;
		}
		String suffix = UUID.randomUUID().toString().substring(0, 6);
		environment = "idem-" + suffix;
		created(api.post("/api/v1/environments",
				Map.of("name", environment, "kind", "staging", "cloudProvider", "aws", "region", "us-east-1")));
		Map<String, Object> credential = new LinkedHashMap<>();
		credential.put("name", "idem-" + suffix);
		credential.put("type", "ssh-key");
		credential.put("privateKey", sshd.server().clientPrivateKey());
		String credentialId = created(api.post("/api/v1/credentials", credential)).json().path("id").asString();
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("name", "idem-web-" + suffix);
		body.put("host", "127.0.0.142");
		body.put("port", sshd.server().port());
		body.put("username", sshd.server().username());
		body.put("environment", environment);
		body.put("credentialId", credentialId);
		body.put("hostKeyPolicy", "strict");
		body.put("hostKeyFingerprint", sshd.server().hostKeyFingerprint());
		server = created(api.post("/api/v1/servers", body)).json().path("id").asString();
	}

	@Test
	void aRetryWithTheSameKeyReplaysTheFirstAnswerAndStartsNoSecondRun() {
		String command = "echo idem-" + UUID.randomUUID();
		Map<String, Object> run = sshRun(command);
		Response first = post("/api/v1/runs", run, "ci-build-41-step-3");
		assertThat(first.status()).as(first.toString()).isEqualTo(202);
		assertThat(first.header("Idempotent-Replayed")).isNull();

		Response retry = post("/api/v1/runs", run, "ci-build-41-step-3");
		assertThat(retry.status()).isEqualTo(202);
		assertThat(retry.header("Idempotent-Replayed")).isEqualTo("true");
		assertThat(retry.header("Location")).isEqualTo(first.header("Location")).isNotNull();
		assertThat(retry.header("Content-Type")).startsWith("application/json");
		assertThat(retry.body()).isEqualTo(first.body());
		assertThat(runsWithCommand(command)).isEqualTo(1);

		// another caller's key is another key
		ApiClient operator = api.withToken(operatorToken());
		Response other = operator.send(keyed(operator, "/api/v1/runs", run, "ci-build-41-step-3"));
		assertThat(other.status()).as(other.toString()).isEqualTo(202);
		assertThat(other.header("Idempotent-Replayed")).isNull();
		assertThat(runsWithCommand(command)).isEqualTo(2);
	}

	@Test
	void theSameKeyForAnotherRequestIs422() {
		String key = "reuse-" + UUID.randomUUID();
		assertThat(post("/api/v1/runs", sshRun("echo a-" + key), key).status()).isEqualTo(202);
		Response otherBody = post("/api/v1/runs", sshRun("echo b-" + key), key);
		assertProblem(otherBody, 422);
		assertThat(otherBody.json().path("detail").asString()).contains("Idempotency-Key").contains("different request");
		Response otherPath = post("/api/v1/environments", Map.of("name", "x"), key);
		assertProblem(otherPath, 422);
		assertThat(runsWithCommand("echo b-" + key)).isZero();
	}

	@Test
	void aMalformedKeyIs400NamingTheHeader() {
		for (String key : List.of("k".repeat(256), "tab\tinside")) {
			Response response = post("/api/v1/runs", sshRun("echo bad-key"), key);
			assertThat(response.status()).as(key).isEqualTo(400);
			assertProblem(response, 400);
			assertThat(response.json().path("errors").get(0).path("field").asString()).isEqualTo("Idempotency-Key");
		}
		assertThat(runsWithCommand("echo bad-key")).isZero();
		assertThat(post("/api/v1/runs", sshRun("echo good-key"), "k".repeat(255)).status()).isEqualTo(202);
	}

	@Test
	void tokenCreationRefusesTheHeaderBecauseItsAnswerHoldsTheShownOnceValue() {
		String name = "idem-tok-" + UUID.randomUUID().toString().substring(0, 8);
		Response response = post("/api/v1/tokens", Map.of("name", name, "role", "VIEWER", "expiresInDays", 1),
				"token-key");
		assertProblem(response, 400);
		assertThat(response.json().path("errors").get(0).path("field").asString()).isEqualTo("Idempotency-Key");
		assertThat(jdbc.queryForObject("select count(*) from api_tokens where name = ?", Integer.class, name)).isZero();
		assertThat(jdbc.queryForObject("select count(*) from idempotency_keys where idem_key = 'token-key'",
				Integer.class)).isZero();
	}

	@Test
	void aRetryWhileTheFirstIsInFlightIs409() {
		String key = "in-flight-" + UUID.randomUUID();
		// the first request is being answered by another node: its row says IN_FLIGHT
		String body = "{\"kind\":\"ssh\",\"command\":\"echo in-flight\",\"servers\":[\"" + server + "\"]}";
		jdbc.update("""
				insert into idempotency_keys (caller, idem_key, method, path, body_sha256, state, expires_at)
				values (?, ?, 'POST', '/api/v1/runs', encode(sha256(convert_to(?, 'UTF8')), 'hex'), 'IN_FLIGHT',
				        now() + interval '1 hour')""", bootstrapCaller(), key, body);
		Response retry = api.send(api.request("/api/v1/runs")
			.header("Content-Type", "application/json")
			.header("Idempotency-Key", key)
			.POST(HttpRequest.BodyPublishers.ofString(body)));
		assertProblem(retry, 409);
		assertThat(retry.json().path("detail").asString()).contains("still being answered");
		assertThat(runsWithCommand("echo in-flight")).isZero();

		// an abandoned first request (its node died 10 minutes ago) no longer blocks the key
		jdbc.update("update idempotency_keys set created_at = now() - interval '10 minutes' where idem_key = ?", key);
		Response later = api.send(api.request("/api/v1/runs")
			.header("Content-Type", "application/json")
			.header("Idempotency-Key", key)
			.POST(HttpRequest.BodyPublishers.ofString(body)));
		assertThat(later.status()).as(later.toString()).isEqualTo(202);
		assertThat(runsWithCommand("echo in-flight")).isEqualTo(1);
	}

	@Test
	void simultaneousRequestsWithOneKeyStartOneRun() throws Exception {
		String command = "echo together-" + UUID.randomUUID();
		String key = "together-" + UUID.randomUUID();
		int clients = 4;
		CountDownLatch go = new CountDownLatch(1);
		List<Future<Response>> answers = new ArrayList<>();
		ExecutorService pool = Executors.newFixedThreadPool(clients);
		try {
			for (int i = 0; i < clients; i++) {
				answers.add(pool.submit(() -> {
					go.await();
					return post("/api/v1/runs", sshRun(command), key);
				}));
			}
			go.countDown();
			List<Response> responses = new ArrayList<>();
			for (Future<Response> answer : answers) {
				responses.add(answer.get());
			}
			assertThat(responses).filteredOn(r -> r.status() == 202 && r.header("Idempotent-Replayed") == null)
				.hasSize(1);
			assertThat(responses).allSatisfy(r -> assertThat(r.status()).isIn(202, 409));
			responses.stream().filter(r -> r.status() == 409).forEach(r -> assertProblem(r, 409));
		}
		finally {
			pool.shutdownNow();
		}
		assertThat(runsWithCommand(command)).isEqualTo(1);
	}

	@Test
	void anApiBodyOverOneMebibyteIs413() {
		byte[] huge = ("{\"kind\":\"ssh\",\"command\":\"" + "x".repeat(1024 * 1024 + 10) + "\"}").getBytes();
		Response sized = api.send(api.request("/api/v1/runs")
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofByteArray(huge)));
		assertProblem(sized, 413);
		Response chunked = api.send(api.request("/api/v1/runs")
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(huge))));
		assertProblem(chunked, 413);
	}

	@Test
	void backUpNowWithAKeyStartsOneBackupAndTheOtherLaunchNamesIt() {
		String environment = "idem-bk-" + UUID.randomUUID().toString().substring(0, 6);
		created(api.post("/api/v1/environments",
				Map.of("name", environment, "kind", "staging", "cloudProvider", "aws", "region", "us-east-1")));
		assertThat(api.put("/api/v1/environments/" + environment + "/backup-storage",
				s3.storageSettings("idem-backups", environment)).status()).isEqualTo(200);
		String box = "box-" + environment;
		created(api.post("/api/v1/servers", Map.of("name", box, "host", "127.0.0.1", "username", "root",
				"environment", environment, "connection", "local")));
		String bean = "idemBackupSource-" + environment;
		BackupSource source = name -> name.equals(environment) ? Optional.of(new BackupSourceSettings(box, false,
				Map.of("db_name", "opsdeck_idem_test", "db_mode", "host", "db_user", "postgres"))) : Optional.empty();
		DefaultListableBeanFactory beans = (DefaultListableBeanFactory) context.getBeanFactory();
		beans.registerSingleton(bean, source);
		String path = "/api/v1/environments/" + environment + "/backups";
		try {
			Response started = post(path, "", "nightly-backup-2026-12-05");
			assertThat(started.status()).as(started.toString()).isEqualTo(202);
			String runId = started.json().path("runId").asString();
			Response retry = post(path, "", "nightly-backup-2026-12-05");
			assertThat(retry.status()).isEqualTo(202);
			assertThat(retry.header("Idempotent-Replayed")).isEqualTo("true");
			assertThat(retry.json().path("runId").asString()).isEqualTo(runId);
			assertThat(jdbc.queryForObject("select count(*) from runs where environment = ?", Integer.class,
					environment)).isEqualTo(1);

			Response another = post(path, "", "nightly-backup-2026-12-05-again");
			assertProblem(another, 409);
			assertThat(another.json().path("detail").asString())
				.matches("environment '" + environment + "' is busy: Backup " + runId
						+ " is (queued|running) \\(triggered by token:bootstrap\\); one drill, backup or update at a time");
			// 409 says "try again": not stored, the same key runs again once the environment is free
			assertThat(jdbc.queryForObject("select count(*) from idempotency_keys where idem_key = ?", Integer.class,
					"nightly-backup-2026-12-05-again")).isZero();
			api.post("/api/v1/runs/" + runId + "/cancel", "");
			await("backup run ends").atMost(Duration.ofSeconds(60))
				.until(() -> !List.of("QUEUED", "RUNNING")
					.contains(api.get("/api/v1/runs/" + runId).json().path("status").asString()));
		}
		finally {
			beans.destroySingleton(bean);
		}
	}

	/**
	 * The race the check before the insert cannot see: launch A has inserted its exclusive run but not committed;
	 * launch B passes the check, blocks on the partial unique index, and fails when A commits. B's 409 names A's run
	 * in the very words of the check.
	 */
	@Test
	void theLoserOfARaceOnTheExclusiveIndexGets409NamingTheHolder() throws Exception {
		Actor actor = new Actor(Actor.Kind.USER, "racer", Role.ADMIN);
		AnsibleRunRequest request = new AnsibleRunRequest("ping.yml", environment, Map.of(), Map.of(), List.of(), null,
				false, null, 300, true, "Race test");
		TransactionTemplate transaction = new TransactionTemplate(transactionManager);
		CountDownLatch commit = new CountDownLatch(1);
		CompletableFuture<UUID> holder = CompletableFuture.supplyAsync(() -> transaction.execute(status -> {
			UUID id = runs.launch(request, actor);
			try {
				commit.await();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			return id;
		}), Concurrently.THREAD_PER_TASK);
		await("the holder's insert").atMost(Duration.ofSeconds(20))
			.until(() -> jdbc.queryForObject("select count(*) from pg_stat_activity where state = 'idle in transaction'"
					+ " and query ilike 'insert into runs%'", Integer.class) > 0);
		CompletableFuture<UUID> loser = CompletableFuture.supplyAsync(() -> runs.launch(request, actor),
				Concurrently.THREAD_PER_TASK);
		await("the loser waits on the unique index").atMost(Duration.ofSeconds(20))
			.until(() -> jdbc.queryForObject("select count(*) from pg_stat_activity where wait_event_type = 'Lock'"
					+ " and query ilike 'insert into runs%'", Integer.class) > 0);
		commit.countDown();
		UUID holderId = holder.get();
		assertThatThrownBy(loser::join).hasCauseInstanceOf(ConflictException.class)
			.cause()
			.hasMessageMatching("environment '" + environment + "' is busy: Race test " + holderId
					+ " is (queued|running) \\(triggered by user:racer\\); one drill, backup or update at a time");
		// the check before the insert says the same
		assertThatThrownBy(() -> runs.launch(request, actor)).isInstanceOf(ConflictException.class)
			.hasMessageContaining("is busy: Race test " + holderId);
		runs.cancel(holderId, actor);
	}

	private Map<String, Object> sshRun(String command) {
		return Map.of("kind", "ssh", "command", command, "servers", List.of(server));
	}

	private Response post(String path, Object body, String key) {
		return api.send(keyed(api, path, body, key));
	}

	private static HttpRequest.Builder keyed(ApiClient client, String path, Object body, String key) {
		String text = (body instanceof String string) ? string : JSON.writeValueAsString(body);
		return client.request(path)
			.header("Content-Type", "application/json")
			.header("Idempotency-Key", key)
			.POST(HttpRequest.BodyPublishers.ofString(text));
	}

	private int runsWithCommand(String command) {
		return jdbc.queryForObject("select count(*) from runs where command = ?", Integer.class, command);
	}

	private String bootstrapCaller() {
		return "token:" + jdbc.queryForObject("select id from api_tokens where name = 'bootstrap'", UUID.class);
	}

	private String operatorToken() {
		Response created = api.post("/api/v1/tokens", Map.of("name", "idem-op-" + UUID.randomUUID().toString()
			.substring(0, 8), "role", "OPERATOR", "expiresInDays", 1));
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		return created.json().path("token").asString();
	}

	private static Response created(Response response) {
		assertThat(response.status()).as(response.toString()).isEqualTo(201);
		return response;
	}

	static void assertProblem(Response response, int status) {
		assertThat(response.status()).as(response.toString()).isEqualTo(status);
		assertThat(response.header("Content-Type")).startsWith("application/problem+json");
		assertThat(response.json().path("status").asInt()).isEqualTo(status);
	}

}
