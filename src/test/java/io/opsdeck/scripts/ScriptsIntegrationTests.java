package io.opsdeck.scripts;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.opsdeck.support.ApiClient;
import io.opsdeck.support.IntegrationTest;
import io.opsdeck.support.JournalHost;
import io.opsdeck.support.LocalResources;
import io.opsdeck.support.Scripts;
import io.opsdeck.support.SshdServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The seed's six scripts against a running Opsdeck, each started with only bash, curl and coreutils on the PATH
 * ({@link Scripts}): happy path, wrong arguments (usage, exit 2), an unreachable server and a refused token (clear
 * messages, exit 2). dr-drill.sh, security-update.sh and cleanup-backups.sh have their happy paths in the drills,
 * patching and backups tests, which need their own fixtures (S3, PostgreSQL dumps, apt).
 * <p>
 * view-logs.sh reads a real journal: the test's sshd runs in a private mount namespace (root, {@code unshare -m})
 * with a fresh {@code /run}, where a real {@code systemd-journald}, started by hand, writes
 * {@code /run/log/journal}. Entries carry the fields Docker's journald log driver writes ({@code CONTAINER_NAME},
 * the compose service label as {@code COM_DOCKER_COMPOSE_SERVICE}); the test writes them with
 * {@code logger --journald} in that namespace, since there is no Docker Engine here. journalctl on the "server"
 * (the SSH session) then reads exactly what it would read on a provisioned host.
 */
@IntegrationTest
class ScriptsIntegrationTests {

	private static final String ADDRESS = "127.0.0.61";

	private static final Duration PLAYBOOK = Duration.ofMinutes(3);

	private static JournalHost host;

	private static SshdServer sshd;

	private static String environment;

	private static String serverName;

	private static String serverId;

	@LocalServerPort
	int port;

	ApiClient api;

	@BeforeAll
	static void startJournalHost() {
		assumeTrue(JournalHost.isAvailable(), "needs OpenSSH sshd, systemd-journald and root (unshare -m)");
		host = JournalHost.start(ADDRESS);
		sshd = host.sshd();
	}

	@AfterAll
	static void stopJournalHost() {
		if (host != null) {
			host.close();
		}
	}

	@BeforeEach
	void setUp() {
		api = new ApiClient(port, IntegrationTest.ADMIN_TOKEN);
		if (environment != null) {
			return;
		}
		String suffix = UUID.randomUUID().toString().substring(0, 6);
		environment = "scripts-" + suffix;
		serverName = "web-" + suffix;
		created(api.post("/api/v1/environments",
				Map.of("name", environment, "kind", "staging", "cloudProvider", "aws", "region", "us-east-1")));
		Map<String, Object> credential = new LinkedHashMap<>();
		credential.put("name", "scripts-" + suffix);
		credential.put("type", "ssh-key");
		credential.put("privateKey", sshd.clientPrivateKey());
		credential.put("passphrase", null);
		String credentialId = created(api.post("/api/v1/credentials", credential)).path("id").asString();
		Map<String, Object> server = new LinkedHashMap<>();
		server.put("name", serverName);
		server.put("host", ADDRESS);
		server.put("port", sshd.port());
		server.put("username", sshd.username());
		server.put("environment", environment);
		server.put("credentialId", credentialId);
		server.put("hostKeyPolicy", "strict");
		server.put("hostKeyFingerprint", sshd.hostKeyFingerprint());
		serverId = created(api.post("/api/v1/servers", server)).path("id").asString();
		journal("MESSAGE=django started", "CONTAINER_NAME=django", "SYSLOG_IDENTIFIER=django");
		journal("MESSAGE=postgres ready", "CONTAINER_NAME=postgres", "SYSLOG_IDENTIFIER=postgres");
		journal("MESSAGE=compose django serving", "CONTAINER_NAME=app-django-1", "COM_DOCKER_COMPOSE_SERVICE=django",
				"SYSLOG_IDENTIFIER=app-django-1");
	}

	// --- only bash and curl, usage, unreachable, refused token: every script -------------------------------------

	@Test
	void theScriptsRunWithBashCurlAndCoreutilsOnly() throws Exception {
		Path path = Scripts.bashAndCurlOnly();
		assertThat(path.resolve("bash")).exists();
		assertThat(path.resolve("curl")).exists();
		assertThat(path.resolve("python3")).doesNotExist();
		assertThat(Files.exists(project().resolve("scripts/lib/opsdeck_api.py"))).as("the Python client is gone").isFalse();
		for (String script : SCRIPTS.keySet()) {
			String text = Files.readString(project().resolve("scripts").resolve(script));
			assertThat(text).as(script).doesNotContain("python").doesNotContain("jq ");
		}
	}

	/** Each script with arguments that pass its own checks, for the connection tests. */
	private static final Map<String, List<String>> SCRIPTS = new LinkedHashMap<>();

	static {
		SCRIPTS.put("provision-server.sh", List.of("aws", "staging", "192.0.2.10"));
		SCRIPTS.put("dr-drill.sh", List.of("aws", "staging", "full"));
		SCRIPTS.put("security-update.sh", List.of("aws", "staging"));
		SCRIPTS.put("view-logs.sh", List.of("django", "100", "--server", "web-1"));
		SCRIPTS.put("health-check.sh", List.of());
		SCRIPTS.put("cleanup-backups.sh", List.of("aws", "30"));
	}

	@Test
	void wrongArgumentsPrintTheUsageAndExit2() {
		Map<String, List<List<String>>> wrong = new LinkedHashMap<>();
		wrong.put("provision-server.sh", List.of(List.of(), List.of("aws", "staging"), List.of("gcp", "staging", "192.0.2.10"),
				List.of("aws", "staging", "192.0.2.10", "--tags", "everything")));
		wrong.put("dr-drill.sh", List.of(List.of(), List.of("aws", "staging", "everything"), List.of("aws", "staging", "full", "--bogus")));
		wrong.put("security-update.sh", List.of(List.of("aws"), List.of("aws", "staging", "--mode", "everything")));
		wrong.put("view-logs.sh", List.of(List.of(), List.of("django", "many"), List.of("django", "100", "maybe"),
				List.of("django;id", "--server", "web-1"), List.of("django", "100")));
		wrong.put("health-check.sh", List.of(List.of("one", "two"), List.of("--bogus")));
		wrong.put("cleanup-backups.sh", List.of(List.of("aws"), List.of("aws", "0"), List.of("aws", "30", "--keep", "x")));
		for (Map.Entry<String, List<List<String>>> script : wrong.entrySet()) {
			for (List<String> arguments : script.getValue()) {
				Scripts.Result result = Scripts.run(script.getKey(), Map.of(), arguments.toArray(String[]::new));
				assertThat(result.exitCode()).as(script.getKey() + " " + arguments + ": " + result.output()).isEqualTo(2);
				assertThat(result.output()).as(script.getKey() + " " + arguments).contains("usage: " + script.getKey());
			}
			Scripts.Result help = Scripts.run(script.getKey(), Map.of(), "--help");
			assertThat(help.exitCode()).as(script.getKey() + " --help").isZero();
			assertThat(help.output()).startsWith("usage: " + script.getKey());
		}
		Scripts.Result noServer = Scripts.run("view-logs.sh", Map.of(), "django", "100");
		assertThat(noServer.output()).contains("--server NAME or set OPSDECK_SERVER");
	}

	@Test
	void anUnreachableServerGivesAClearMessage() {
		String closed = "http://127.0.0.1:" + LocalResources.freePort("127.0.0.1");
		for (Map.Entry<String, List<String>> script : SCRIPTS.entrySet()) {
			Scripts.Result result = Scripts.run(script.getKey(), Map.of("OPSDECK_URL", closed, "OPSDECK_TOKEN", "odk_x"),
					script.getValue().toArray(String[]::new));
			assertThat(result.exitCode()).as(script.getKey() + ": " + result.output()).isEqualTo(2);
			assertThat(result.output()).as(script.getKey())
				.startsWith(script.getKey() + ": cannot reach Opsdeck at " + closed + ":");
		}
		Scripts.Result unset = Scripts.run("health-check.sh", Map.of());
		assertThat(unset.exitCode()).isEqualTo(2);
		assertThat(unset.output()).contains("set OPSDECK_URL (e.g. http://localhost:8080) and OPSDECK_TOKEN");
	}

	@Test
	void aRefusedTokenGivesAClearMessage() {
		for (Map.Entry<String, List<String>> script : SCRIPTS.entrySet()) {
			Scripts.Result result = Scripts.run(script.getKey(),
					Map.of("OPSDECK_URL", "http://127.0.0.1:" + port, "OPSDECK_TOKEN", "odk_not_a_real_token_0000000000000000"),
					script.getValue().toArray(String[]::new));
			assertThat(result.exitCode()).as(script.getKey() + ": " + result.output()).isEqualTo(2);
			assertThat(result.output()).as(script.getKey())
				.contains(script.getKey() + ": http://127.0.0.1:" + port + " refused the token (401)")
				.doesNotContain("odk_not_a_real_token");
		}
	}

	// --- health-check.sh ------------------------------------------------------------------------------------------

	@Test
	void healthCheckRunsThePlaybookOnTheNamedServerAndExitsWithTheRunsResult() {
		// the happy path: thresholds this machine meets whatever its load (docs/health.md)
		assertThat(api.put("/api/v1/environments/" + environment + "/health-thresholds", healthThresholds(100)).status())
			.isEqualTo(200);
		Scripts.Result byName = Scripts.run(port, "health-check.sh", serverName);
		assertThat(byName.exitCode()).as(byName.output()).isZero();
		assertThat(byName.output()).contains("==> Health check of " + serverName + " in " + environment + ": run ")
			.contains("TASK [Probe Docker service and daemon]")
			.contains("PLAY RECAP");
		String runId = byName.output().replaceAll("(?s).*: run ([0-9a-f-]{36}).*", "$1");
		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(api
			.get("/api/v1/servers/" + serverId + "/health").json().path("results").get(0).path("runId").asString())
			.isEqualTo(runId));

		// a critical threshold below the real disk's use: the server is critical, the script says so in its exit code
		assertThat(api.put("/api/v1/environments/" + environment + "/health-thresholds", healthThresholds(1.5)).status())
			.isEqualTo(200);
		Scripts.Result critical = Scripts.run(port, "health-check.sh", serverName);
		assertThat(critical.exitCode()).as(critical.output()).isEqualTo(2);
		assertThat(critical.output()).contains("is critical: disk");

		// finding a server by its address instead of its name: view-logs.sh with OPSDECK_SERVER=<address> below

		Scripts.Result unknown = Scripts.run(port, "health-check.sh", "no-such-server");
		assertThat(unknown.exitCode()).isEqualTo(2);
		assertThat(unknown.output()).contains("no server is named or has the address 'no-such-server'");
	}

	private static Map<String, Object> healthThresholds(double diskCritical) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("diskWarnPercent", Math.min(diskCritical, 99.0));
		body.put("diskCriticalPercent", diskCritical);
		body.put("memoryWarnPercent", 100);
		body.put("loadWarnPerCpu", 1000);
		body.put("loadCriticalPerCpu", 1000);
		return body;
	}

	// --- view-logs.sh ---------------------------------------------------------------------------------------------

	@Test
	void viewLogsShowsOneContainersJournalFromTheServer() {
		Scripts.Result shown = Scripts.run(port, "view-logs.sh", "django", "100", "--server", serverName);
		assertThat(shown.exitCode()).as(shown.output()).isZero();
		assertThat(shown.output()).contains("==> django on " + serverName + " (" + environment + "), last 100 lines")
			.contains("django started")
			.contains("compose django serving")
			.doesNotContain("postgres ready");

		Scripts.Result last = Scripts.run("view-logs.sh", Map.of("OPSDECK_URL", "http://127.0.0.1:" + port, "OPSDECK_TOKEN",
				IntegrationTest.ADMIN_TOKEN, "OPSDECK_SERVER", ADDRESS), "postgres", "1");
		assertThat(last.exitCode()).as(last.output()).isZero();
		assertThat(last.output()).contains("postgres ready").doesNotContain("django started");
	}

	@Test
	void viewLogsFollowsNewLinesAndCtrlCStopsJournalctlOnTheServer() throws Exception {
		Process process = Scripts.start("view-logs.sh", Map.of("OPSDECK_URL", "http://127.0.0.1:" + port,
				"OPSDECK_TOKEN", IntegrationTest.ADMIN_TOKEN, "OPSDECK_SERVER", serverName), "django", "10", "true");
		StringBuffer output = new StringBuffer();
		CompletableFuture<Void> reader = CompletableFuture.runAsync(() -> collect(process.getInputStream(), output));
		await().atMost(Duration.ofSeconds(120)).until(() -> output.toString().contains("django started"));
		String marker = "live line " + UUID.randomUUID();
		journal("MESSAGE=" + marker, "CONTAINER_NAME=django");
		await().atMost(Duration.ofSeconds(30)).until(() -> output.toString().contains(marker));
		assertThat(output.toString()).contains("following (Ctrl-C stops)");
		assertThat(host.processes("journalctl")).hasSize(1);

		Scripts.interrupt(process);
		assertThat(process.waitFor(60, TimeUnit.SECONDS)).as(output.toString()).isTrue();
		reader.get(10, TimeUnit.SECONDS);
		assertThat(process.exitValue()).as(output.toString()).isEqualTo(130);
		assertThat(output.toString()).contains("==> stopped");
		await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(host.processes("journalctl")).isEmpty());
	}

	@Test
	void theLogsEndpointRefusesWhatIsNotAContainerName() {
		ApiClient.Response bad = api.post("/api/v1/servers/" + serverId + "/logs", Map.of("container", "django; id"));
		assertThat(bad.status()).as(bad.body()).isEqualTo(400);
		assertThat(bad.body()).contains("container");
		ApiClient.Response tooMany = api.post("/api/v1/servers/" + serverId + "/logs",
				Map.of("container", "django", "lines", 10_001));
		assertThat(tooMany.status()).isEqualTo(400);
		ApiClient.Response started = api.post("/api/v1/servers/" + serverId + "/logs",
				Map.of("container", "django", "lines", 5));
		assertThat(started.status()).as(started.body()).isEqualTo(202);
		String runId = started.json().path("id").asString();
		assertThat(started.header("Location")).isEqualTo("/api/v1/runs/" + runId);
		assertThat(awaitEnd(runId).path("command").asString())
			.isEqualTo("journalctl --no-pager -o short-iso -n 5 CONTAINER_NAME=django + COM_DOCKER_COMPOSE_SERVICE=django");
		JsonNode paths = api.get("/v3/api-docs").json().path("paths");
		assertThat(paths.path("/api/v1/servers/{id}/logs").path("post").path("tags").get(0).asString()).isEqualTo("Logs");
	}

	// --- provision-server.sh --------------------------------------------------------------------------------------

	@Test
	void serversAreFoundByAddress() {
		JsonNode found = api.get("/api/v1/servers?environment=" + environment + "&host=" + ADDRESS).json();
		assertThat(found.path("totalItems").asInt()).isEqualTo(1);
		assertThat(found.path("items").get(0).path("id").asString()).isEqualTo(serverId);
		assertThat(api.get("/api/v1/servers?environment=" + environment + "&host=192.0.2.99").json().path("totalItems").asInt())
			.isZero();
		assertThat(api.get("/api/v1/servers?name=" + serverName).json().path("items").get(0).path("host").asString())
			.isEqualTo(ADDRESS);
	}

	@Test
	void provisionServerSaysToAddAServerThatIsNotThereAndChecksTheCloud() {
		Scripts.Result missing = Scripts.run(port, "provision-server.sh", "aws", environment, "192.0.2.99");
		assertThat(missing.exitCode()).isEqualTo(2);
		assertThat(missing.output()).contains("no server in " + environment + " has the address 192.0.2.99; add it first")
			.contains("/api/v1/servers");
		Scripts.Result wrongCloud = Scripts.run(port, "provision-server.sh", "digitalocean", environment, ADDRESS);
		assertThat(wrongCloud.exitCode()).isEqualTo(2);
		assertThat(wrongCloud.output()).contains("runs on aws, not digitalocean");
	}

	// --- GET /api/v1/runs/{id}/log?follow=true --------------------------------------------------------------------

	@Test
	void followingALogGivesLinesAsTheyComeAndEndsWithTheRun() throws Exception {
		String runId = startSsh("echo first; sleep 2; echo second");
		HttpClient client = HttpClient.newHttpClient();
		HttpResponse<InputStream> response = client.send(HttpRequest
			.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/runs/" + runId + "/log?follow=true"))
			.header("Authorization", "Bearer " + IntegrationTest.ADMIN_TOKEN)
			.build(), HttpResponse.BodyHandlers.ofInputStream());
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
		try (InputStream body = response.body()) {
			StringBuilder text = new StringBuilder();
			int c;
			while (!text.toString().endsWith("first\n") && (c = body.read()) != -1) {
				text.append((char) c);
			}
			assertThat(api.get("/api/v1/runs/" + runId).json().path("status").asString())
				.as("the first line came while the run was still running").isEqualTo("RUNNING");
			text.append(new String(body.readAllBytes(), StandardCharsets.UTF_8));
			assertThat(text.toString().strip()).endsWith("first\nsecond");
		}
		assertThat(api.get("/api/v1/runs/" + runId).json().path("status").asString())
			.as("the stream ended when the run did").isEqualTo("SUCCEEDED");

		// a finished run: the whole log at once; since=N starts after line N
		String again = client.send(HttpRequest
			.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/runs/" + runId + "/log?follow=true"))
			.header("Authorization", "Bearer " + IntegrationTest.ADMIN_TOKEN)
			.build(), HttpResponse.BodyHandlers.ofString()).body();
		assertThat(again).isEqualTo(api.get("/api/v1/runs/" + runId + "/log").body());
	}

	@Test
	void aFollowerThatGoesAwayDoesNotAffectTheRun() throws Exception {
		String runId = startSsh("echo going; sleep 3; echo still here");
		HttpClient client = HttpClient.newHttpClient();
		HttpResponse<InputStream> response = client.send(HttpRequest
			.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/runs/" + runId + "/log?follow=true"))
			.header("Authorization", "Bearer " + IntegrationTest.ADMIN_TOKEN)
			.build(), HttpResponse.BodyHandlers.ofInputStream());
		InputStream body = response.body();
		assertThat(new String(body.readNBytes(6), StandardCharsets.UTF_8)).isEqualTo("going\n");
		body.close();
		JsonNode run = awaitEnd(runId);
		assertThat(run.path("status").asString()).isEqualTo("SUCCEEDED");
		assertThat(api.get("/api/v1/runs/" + runId + "/log").body()).isEqualTo("going\nstill here\n");
		assertThat(api.get("/api/v1/runs/00000000-0000-0000-0000-000000000000/log?follow=true").status()).isEqualTo(404);
		JsonNode log = api.get("/v3/api-docs").json().path("paths").path("/api/v1/runs/{id}/log").path("get");
		assertThat(log.path("parameters").findValuesAsString("name")).contains("follow", "since");
	}

	// --- helpers --------------------------------------------------------------------------------------------------

	private static Path project() {
		return io.opsdeck.support.Browser.projectDirectory();
	}

	private String startSsh(String command) {
		return created(api.post("/api/v1/runs", Map.of("kind", "ssh", "command", command, "servers", List.of(serverId))))
			.path("id")
			.asString();
	}

	private JsonNode awaitEnd(String runId) {
		JsonNode[] run = new JsonNode[1];
		await().atMost(PLAYBOOK).pollInterval(Duration.ofMillis(250)).until(() -> {
			run[0] = api.get("/api/v1/runs/" + runId).json();
			return !List.of("QUEUED", "RUNNING").contains(run[0].path("status").asString());
		});
		return run[0];
	}

	/** Writes one journal entry on the "server", as Docker's journald driver would. */
	private static void journal(String... fields) {
		host.write(fields);
	}

	private static void collect(InputStream stream, StringBuffer output) {
		try {
			byte[] buffer = new byte[4096];
			int n;
			while ((n = stream.read(buffer)) != -1) {
				output.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
			}
		}
		catch (IOException ex) {
			// the process ended
		}
	}

	private static JsonNode created(ApiClient.Response response) {
		assertThat(response.status()).as(response.body()).isBetween(200, 202);
		return response.json();
	}

}
