package io.opsdeck.execution;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.opsdeck.support.ApiClient;
import io.opsdeck.support.IntegrationTest;
import io.opsdeck.support.SseStream;
import io.opsdeck.support.SshdExtension;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The run engine end to end on real parts: the application on embedded PostgreSQL, a real OpenSSH sshd on
 * 127.0.0.2, a real ansible-playbook, all driven through the REST API as CI would.
 */
@IntegrationTest
class RunIntegrationTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@RegisterExtension
	static final SshdExtension sshd = SshdExtension.on("127.0.0.2");

	@RegisterExtension
	static final SshdExtension stranger = SshdExtension.on("127.0.0.3");

	@LocalServerPort
	int port;

	ApiClient api;

	static String environment;

	static String unreachableEnvironment;

	static String server;

	static String unreachableServer;

	static String unknownKeyServer;

	@BeforeEach
	void setUp() {
		api = new ApiClient(port, IntegrationTest.ADMIN_TOKEN);
		if (environment != null) {
			return;
		}
		String suffix = UUID.randomUUID().toString().substring(0, 6);
		environment = "runs-" + suffix;
		unreachableEnvironment = "down-" + suffix;
		created(api.post("/api/v1/environments",
				Map.of("name", environment, "kind", "staging", "cloudProvider", "aws", "region", "us-east-1")));
		created(api.post("/api/v1/environments",
				Map.of("name", unreachableEnvironment, "kind", "staging", "cloudProvider", "aws", "region", "us-east-1")));
		Map<String, Object> credential = new LinkedHashMap<>();
		credential.put("name", "deploy-" + suffix);
		credential.put("type", "ssh-key");
		credential.put("privateKey", sshd.server().clientPrivateKey());
		credential.put("passphrase", null);
		String credentialId = created(api.post("/api/v1/credentials", credential)).path("id").asText();
		server = created(api.post("/api/v1/servers", server("web-" + suffix, sshd.server().port(), environment,
				credentialId, sshd.server().hostKeyFingerprint()))).path("id").asText();
		unreachableServer = created(api.post("/api/v1/servers", server("gone-" + suffix, closedPort(),
				unreachableEnvironment, credentialId, sshd.server().hostKeyFingerprint()))).path("id").asText();
		Map<String, Object> unknown = server("stranger-" + suffix, stranger.server().port(), unreachableEnvironment,
				credentialId, null);
		unknown.put("host", "127.0.0.3");
		unknownKeyServer = created(api.post("/api/v1/servers", unknown)).path("id").asText();
	}

	private static Map<String, Object> server(String name, int port, String environment, String credentialId,
			String fingerprint) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("name", name);
		body.put("host", "127.0.0.2");
		body.put("port", port);
		body.put("username", sshd.server().username());
		body.put("environment", environment);
		body.put("credentialId", credentialId);
		body.put("hostKeyPolicy", "strict");
		body.put("hostKeyFingerprint", fingerprint);
		return body;
	}

	@Test
	void sshRunStreamsLinesWhileItRunsAndStoresTheSameBytes() throws Exception {
		String id = startSsh("echo \"line 1\"; sleep 2; for i in $(seq 2 300); do echo \"line $i\"; sleep 0.005; done", server);
		List<SseStream.Event> events;
		String statusAtFirstLine;
		try (SseStream stream = SseStream.open(api, "/api/v1/runs/" + id + "/events", null)) {
			assertThat(stream.status()).isEqualTo(200);
			SseStream.Event firstLine = nextLine(stream);
			statusAtFirstLine = api.get("/api/v1/runs/" + id).json().path("status").asText();
			events = new ArrayList<>(List.of(firstLine));
			events.addAll(stream.until("end", Duration.ofSeconds(60)));
		}
		assertThat(statusAtFirstLine).as("a line arrived while the run was still running").isEqualTo("RUNNING");
		List<SseStream.Event> lines = events.stream().filter(e -> e.name().equals("line")).toList();
		assertThat(lines.get(lines.size() - 1).receivedAtMillis() - lines.get(0).receivedAtMillis())
			.as("the first line came about two seconds before the last, not with it").isGreaterThan(1500);
		List<String> texts = lineTexts(events);
		assertThat(texts).hasSize(300);
		for (int i = 0; i < 300; i++) {
			assertThat(texts.get(i)).isEqualTo("line " + (i + 1));
		}
		assertThat(lineIds(events).stream().map(Long::parseLong).toList()).isSorted().doesNotHaveDuplicates();
		JsonNode end = JSON.readTree(events.get(events.size() - 1).data());
		assertThat(end.path("status").asText()).isEqualTo("SUCCEEDED");
		JsonNode run = api.get("/api/v1/runs/" + id).json();
		assertThat(run.path("status").asText()).isEqualTo("SUCCEEDED");
		assertThat(run.path("exitCode").asInt()).isZero();
		assertThat(run.path("hosts").get(0).path("status").asText()).isEqualTo("SUCCEEDED");
		String expected = String.join("\n", texts) + "\n";
		assertThat(api.get("/api/v1/runs/" + id + "/log").body()).isEqualTo(expected);
	}

	@Test
	void reconnectingWithLastEventIdResumesWithoutGapOrDuplicate() throws Exception {
		String id = startSsh("for i in $(seq 1 400); do echo \"n=$i\"; sleep 0.005; done", server);
		List<SseStream.Event> before = new ArrayList<>();
		try (SseStream stream = SseStream.open(api, "/api/v1/runs/" + id + "/events", null)) {
			while (before.size() < 50) {
				SseStream.Event event = stream.next(Duration.ofSeconds(30));
				assertThat(event).isNotNull();
				if (event.name().equals("line")) {
					before.add(event);
				}
			}
		}
		String lastId = before.get(before.size() - 1).id();
		List<SseStream.Event> after;
		// as a browser reconnects: the original URL (with ?after=0) plus Last-Event-ID
		try (SseStream resumed = SseStream.open(api, "/api/v1/runs/" + id + "/events?after=0", lastId)) {
			after = resumed.until("end", Duration.ofSeconds(60));
		}
		List<String> all = new ArrayList<>(lineTexts(before));
		all.addAll(lineTexts(after));
		assertThat(all).hasSize(400);
		for (int i = 0; i < 400; i++) {
			assertThat(all.get(i)).isEqualTo("n=" + (i + 1));
		}
		assertThat(Long.parseLong(lineIds(after).get(0))).isEqualTo(Long.parseLong(lastId) + 1);
	}

	@Test
	void manyViewersOfOneRunEachGetEveryLineOnceInOrderAndAreCounted() throws Exception {
		java.nio.file.Path go = java.nio.file.Files.createTempDirectory("opsdeck-viewers").resolve("go");
		String id = startSsh("while [ ! -e " + go + " ]; do sleep 0.05; done; "
				+ "for i in $(seq 1 300); do echo \"v=$i\"; sleep 0.003; done; seq 301 3000 | sed 's/^/v=/'", server);
		List<SseStream> viewers = new ArrayList<>();
		try {
			for (int i = 0; i < 20; i++) {
				viewers.add(SseStream.open(api, "/api/v1/runs/" + id + "/events", null));
			}
			await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(subscribers())
				.as("opsdeck_output_subscribers counts the attached SSE viewers").isGreaterThanOrEqualTo(20));
			java.nio.file.Files.writeString(go, "go");
			for (SseStream viewer : viewers) {
				List<SseStream.Event> events = viewer.until("end", Duration.ofSeconds(120));
				List<String> texts = lineTexts(events);
				assertThat(texts).hasSize(3000);
				for (int i = 0; i < 3000; i++) {
					assertThat(texts.get(i)).isEqualTo("v=" + (i + 1));
				}
				List<Long> ids = lineIds(events).stream().map(Long::parseLong).toList();
				for (int i = 0; i < ids.size(); i++) {
					assertThat(ids.get(i)).as("ids are consecutive from 1").isEqualTo(i + 1L);
				}
				assertThat(JSON.readTree(events.get(events.size() - 1).data()).path("status").asText())
					.isEqualTo("SUCCEEDED");
			}
		}
		finally {
			viewers.forEach(SseStream::close);
		}
	}

	private double subscribers() {
		return api.get("/actuator/prometheus").body().lines()
			.filter(line -> line.startsWith("opsdeck_output_subscribers"))
			.mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
			.findFirst()
			.orElse(-1);
	}

	/**
	 * Breaker round 6, item 1: a stream opened with a token ends once the token is revoked (within the recheck
	 * interval plus the cache's TTL at most), instead of showing the run's output to its end.
	 */
	@Test
	void revokingTheTokenEndsItsOpenEventStreamAndFollowedLog() throws Exception {
		String id = startSsh("for i in $(seq 1 600); do echo \"tick $i\"; sleep 0.1; done", server);
		JsonNode token = created(api.post("/api/v1/tokens",
				Map.of("name", "watcher-" + UUID.randomUUID().toString().substring(0, 8), "role", "VIEWER")));
		ApiClient viewer = api.withToken(token.path("token").asText());
		long bound = 7_000; // recheck interval (1 s) + identity cache TTL (5 s) + slack; revoking through the API drops
							// the cache entry at once, so in practice it is about a second
		try (SseStream stream = SseStream.open(viewer, "/api/v1/runs/" + id + "/events", null);
				FollowedLog follow = FollowedLog.open(viewer, "/api/v1/runs/" + id + "/log?follow=true")) {
			assertThat(stream.status()).isEqualTo(200);
			assertThat(follow.status()).isEqualTo(200);
			nextLine(stream);
			await().atMost(Duration.ofSeconds(30)).until(() -> follow.linesReceived() > 0);
			assertThat(api.delete("/api/v1/tokens/" + token.path("id").asText()).status()).isEqualTo(204);
			long revokedAt = System.currentTimeMillis();
			List<SseStream.Event> after = stream.until("end", Duration.ofSeconds(20));
			SseStream.Event end = after.get(after.size() - 1);
			assertThat(end.receivedAtMillis() - revokedAt).isLessThan(bound);
			assertThat(after).allMatch(event -> event.receivedAtMillis() - revokedAt < bound);
			JsonNode endData = JSON.readTree(end.data());
			assertThat(endData.path("reason").asText()).isEqualTo("access-ended");
			assertThat(endData.path("status").asText()).isEqualTo("RUNNING");
			assertThat(endData.path("message").asText()).contains("revoked");
			await().atMost(Duration.ofSeconds(5)).until(stream::ended);
			await().atMost(Duration.ofMillis(bound)).until(follow::ended);
			assertThat(follow.lastLineAtMillis() - revokedAt).isLessThan(bound);
		}
		// the run itself goes on: the revoked token was only a viewer
		assertThat(api.get("/api/v1/runs/" + id).json().path("status").asText()).isEqualTo("RUNNING");
		api.post("/api/v1/runs/" + id + "/cancel", Map.of());
	}

	/** The run page's live view (a session, no token) ends when the user is disabled, not at the run's end. */
	@Test
	void disablingTheUserEndsTheEventStreamOfTheirSession() throws Exception {
		String id = startSsh("for i in $(seq 1 600); do echo \"tock $i\"; sleep 0.1; done", server);
		String name = "watcher" + UUID.randomUUID().toString().substring(0, 8);
		String password = "watch-the-run-" + UUID.randomUUID();
		created(api.post("/api/v1/users", Map.of("username", name, "password", password, "role", "VIEWER")));
		java.net.http.HttpClient browser = java.net.http.HttpClient.newBuilder()
			.cookieHandler(new java.net.CookieManager(null, java.net.CookiePolicy.ACCEPT_ALL))
			.followRedirects(java.net.http.HttpClient.Redirect.NEVER)
			.build();
		String base = "http://localhost:" + port;
		String page = browser.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + "/login")).build(),
				java.net.http.HttpResponse.BodyHandlers.ofString()).body();
		java.util.regex.Matcher csrf = java.util.regex.Pattern.compile("name=\"_csrf\"\\s+value=\"([^\"]+)\"")
			.matcher(page);
		assertThat(csrf.find()).isTrue();
		String form = "username=" + name + "&password=" + java.net.URLEncoder.encode(password, java.nio.charset.StandardCharsets.UTF_8)
				+ "&_csrf=" + java.net.URLEncoder.encode(csrf.group(1), java.nio.charset.StandardCharsets.UTF_8);
		browser.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + "/login"))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(java.net.http.HttpRequest.BodyPublishers.ofString(form))
			.build(), java.net.http.HttpResponse.BodyHandlers.discarding());
		try (SseStream stream = SseStream.open(browser, java.net.http.HttpRequest
			.newBuilder(java.net.URI.create(base + "/api/v1/runs/" + id + "/events"))
			.timeout(Duration.ofMinutes(5)))) {
			assertThat(stream.status()).isEqualTo(200);
			nextLine(stream);
			assertThat(api.put("/api/v1/users/" + name, Map.of("enabled", false)).status()).isEqualTo(200);
			long disabledAt = System.currentTimeMillis();
			List<SseStream.Event> after = stream.until("end", Duration.ofSeconds(20));
			SseStream.Event end = after.get(after.size() - 1);
			assertThat(end.receivedAtMillis() - disabledAt).isLessThan(7_000);
			JsonNode endData = JSON.readTree(end.data());
			assertThat(endData.path("reason").asText()).isEqualTo("access-ended");
			assertThat(endData.path("message").asText()).contains("disabled");
			await().atMost(Duration.ofSeconds(5)).until(stream::ended);
		}
		api.post("/api/v1/runs/" + id + "/cancel", Map.of());
	}

	/** Signing out in the browser ends the live view opened in that session (the session is invalidated). */
	@Test
	void signingOutEndsTheEventStreamOfThatSession() throws Exception {
		String id = startSsh("for i in $(seq 1 600); do echo \"tack $i\"; sleep 0.1; done", server);
		java.net.http.HttpClient browser = java.net.http.HttpClient.newBuilder()
			.cookieHandler(new java.net.CookieManager(null, java.net.CookiePolicy.ACCEPT_ALL))
			.followRedirects(java.net.http.HttpClient.Redirect.NEVER)
			.build();
		String base = "http://localhost:" + port;
		postForm(browser, base + "/login", "username=admin&password=" + IntegrationTest.ADMIN_PASSWORD + "&_csrf="
				+ csrfOf(browser, base + "/login"));
		try (SseStream stream = SseStream.open(browser, java.net.http.HttpRequest
			.newBuilder(java.net.URI.create(base + "/api/v1/runs/" + id + "/events"))
			.timeout(Duration.ofMinutes(5)))) {
			assertThat(stream.status()).isEqualTo(200);
			nextLine(stream);
			assertThat(postForm(browser, base + "/logout", "_csrf=" + csrfOf(browser, base + "/tokens")))
				.isEqualTo(302);
			long signedOutAt = System.currentTimeMillis();
			List<SseStream.Event> after = stream.until("end", Duration.ofSeconds(20));
			SseStream.Event end = after.get(after.size() - 1);
			assertThat(end.receivedAtMillis() - signedOutAt).isLessThan(7_000);
			JsonNode endData = JSON.readTree(end.data());
			assertThat(endData.path("reason").asText()).isEqualTo("access-ended");
			assertThat(endData.path("message").asText()).contains("session");
		}
		api.post("/api/v1/runs/" + id + "/cancel", Map.of());
	}

	private static String csrfOf(java.net.http.HttpClient browser, String url) throws Exception {
		String page = browser.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(url)).build(),
				java.net.http.HttpResponse.BodyHandlers.ofString()).body();
		java.util.regex.Matcher csrf = java.util.regex.Pattern.compile("name=\"_csrf\"\\s+value=\"([^\"]+)\"")
			.matcher(page);
		assertThat(csrf.find()).as(page).isTrue();
		return java.net.URLEncoder.encode(csrf.group(1), java.nio.charset.StandardCharsets.UTF_8);
	}

	private static int postForm(java.net.http.HttpClient browser, String url, String form) throws Exception {
		return browser.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(url))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(java.net.http.HttpRequest.BodyPublishers.ofString(form))
			.build(), java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode();
	}

	/** {@code GET …/log?follow=true} read line by line on its own thread, noting when the last line came. */
	private static final class FollowedLog implements AutoCloseable {

		private final java.net.http.HttpResponse<java.io.InputStream> response;

		private final java.util.concurrent.atomic.AtomicLong lines = new java.util.concurrent.atomic.AtomicLong();

		private volatile long lastLineAt;

		private volatile boolean ended;

		private FollowedLog(java.net.http.HttpResponse<java.io.InputStream> response) {
			this.response = response;
			Thread reader = new Thread(this::read, "follow-test-reader");
			reader.setDaemon(true);
			reader.start();
		}

		static FollowedLog open(ApiClient api, String path) throws Exception {
			return new FollowedLog(api.http().send(api.request(path).timeout(Duration.ofMinutes(5)).GET().build(),
					java.net.http.HttpResponse.BodyHandlers.ofInputStream()));
		}

		int status() {
			return response.statusCode();
		}

		long linesReceived() {
			return lines.get();
		}

		long lastLineAtMillis() {
			return lastLineAt;
		}

		boolean ended() {
			return ended;
		}

		private void read() {
			try (java.io.BufferedReader in = new java.io.BufferedReader(
					new java.io.InputStreamReader(response.body(), java.nio.charset.StandardCharsets.UTF_8))) {
				while (in.readLine() != null) {
					lastLineAt = System.currentTimeMillis();
					lines.incrementAndGet();
				}
			}
			catch (IOException ex) {
				// closed
			}
			finally {
				ended = true;
			}
		}

		@Override
		public void close() throws IOException {
			response.body().close();
		}

	}

	@Test
	void aCommandExitingThreeFailsWithExitCodeThree() {
		String id = startSsh("echo about to fail; exit 3", server);
		JsonNode run = awaitEnd(id);
		assertThat(run.path("status").asText()).isEqualTo("FAILED");
		assertThat(run.path("exitCode").asInt()).isEqualTo(3);
		assertThat(run.path("hosts").get(0).path("status").asText()).isEqualTo("FAILED");
		assertThat(run.path("hosts").get(0).path("exitCode").asInt()).isEqualTo(3);
		assertThat(run.path("firstFailureSeq").asLong()).isPositive();
	}

	@Test
	void anUnreachableHostIsReportedAsUnreachable() {
		JsonNode run = awaitEnd(startSsh("true", unreachableServer));
		assertThat(run.path("status").asText()).isEqualTo("FAILED");
		assertThat(run.path("exitCode").asInt()).isEqualTo(255);
		assertThat(run.path("hosts").get(0).path("status").asText()).isEqualTo("UNREACHABLE");
		assertThat(run.path("message").asText()).contains("connection refused");
	}

	@Test
	void aCommandEndingWithoutAnExitStatusFailsWithExitCode255AsOpenSshDoes() {
		// killed by a signal: sshd sends exit-signal and no exit-status, the same end as a connection that breaks
		// mid-command (sshd or the server dying); `ssh host 'kill -9 $$'` exits 255
		JsonNode run = awaitEnd(startSsh("echo started; kill -9 $$", server));
		assertThat(run.path("status").asText()).isEqualTo("FAILED");
		assertThat(run.path("exitCode").isNull()).as("run exitCode: %s", run.path("exitCode")).isFalse();
		assertThat(run.path("exitCode").asInt()).isEqualTo(255);
		assertThat(run.path("hosts").get(0).path("status").asText()).isEqualTo("FAILED");
		assertThat(run.path("message").asText()).contains("terminated by signal");
	}

	@Test
	void aHostThatAcceptsButNeverAnswersFailsWithinTheConnectTimeout() throws Exception {
		try (ServerSocket tarpit = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.2"))) {
			List<Socket> held = new ArrayList<>();
			Thread acceptor = new Thread(() -> {
				try {
					while (true) {
						held.add(tarpit.accept());
					}
				}
				catch (IOException ex) {
					// closed by the test
				}
			});
			acceptor.setDaemon(true);
			acceptor.start();
			String silent = created(api.post("/api/v1/servers", server("silent-" + UUID.randomUUID().toString().substring(0, 6),
					tarpit.getLocalPort(), environment, credentialOf(server), sshd.server().hostKeyFingerprint())))
				.path("id")
				.asText();
			long start = System.nanoTime();
			JsonNode run = awaitEnd(startSsh("true", silent));
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(40));
			assertThat(run.path("hosts").get(0).path("status").asText()).isEqualTo("UNREACHABLE");
			api.delete("/api/v1/servers/" + silent);
		}
	}

	private String credentialOf(String serverId) {
		return api.get("/api/v1/servers/" + serverId).json().path("credentialId").asText();
	}

	@Test
	void anUnknownHostKeyFailsTheRunAndShowsTheOfferedFingerprint() {
		JsonNode run = awaitEnd(startSsh("true", unknownKeyServer));
		assertThat(run.path("status").asText()).isEqualTo("FAILED");
		assertThat(run.path("hosts").get(0).path("status").asText()).isEqualTo("UNREACHABLE");
		assertThat(run.path("message").asText()).contains("Host key verification failed")
			.contains(stranger.server().hostKeyFingerprint());
		assertThat(api.get("/api/v1/runs/" + run.path("id").asText() + "/log").body())
			.contains(stranger.server().hostKeyFingerprint());
	}

	@Test
	void ansibleHealthCheckSucceedsWithHealthFactsInItsOutput() {
		String id = startAnsible(Map.of("kind", "ansible", "playbook", "health-check.yml", "environment", environment));
		JsonNode run = awaitEnd(id);
		String log = api.get("/api/v1/runs/" + id + "/log").body();
		assertThat(run.path("status").asText()).as(log).isEqualTo("SUCCEEDED");
		assertThat(run.path("exitCode").asInt()).isZero();
		assertThat(log).contains("opsdeck_health").contains("disk").contains("memory").contains("load");
		JsonNode host = run.path("hosts").get(0);
		assertThat(host.path("status").asText()).isEqualTo("SUCCEEDED");
		assertThat(host.path("ok").asInt()).isPositive();
		assertThat(host.path("failed").asInt()).isZero();
	}

	@Test
	void ansibleReportsUnreachableHostsWithExitCodeFour() {
		String id = startAnsible(Map.of("kind", "ansible", "playbook", "ping.yml", "environment", unreachableEnvironment));
		JsonNode run = awaitEnd(id);
		assertThat(run.path("status").asText()).isEqualTo("FAILED");
		assertThat(run.path("exitCode").asInt()).isEqualTo(4);
		assertThat(run.path("hosts")).isNotEmpty();
		assertThat(run.path("hosts").valueStream().map(h -> h.path("status").asText())).containsOnly("UNREACHABLE");
		String log = api.get("/api/v1/runs/" + id + "/log").body();
		assertThat(log).contains(stranger.server().hostKeyFingerprint());
	}

	@Test
	void aLimitedAnsibleRunChecksOnlyTheHostKeysOfTheServersItTargets() {
		String suffix = UUID.randomUUID().toString().substring(0, 6);
		String limited = "limit-" + suffix;
		created(api.post("/api/v1/environments",
				Map.of("name", limited, "kind", "staging", "cloudProvider", "aws", "region", "us-east-1")));
		String credentialId = credentialOf(server);
		String target = "target-" + suffix;
		created(api.post("/api/v1/servers", server(target, sshd.server().port(), limited, credentialId,
				sshd.server().hostKeyFingerprint())));
		// trust-on-first-use neighbours nobody targeted: one unreachable, one that would offer its key
		Map<String, Object> down = server("down-" + suffix, closedPort(), limited, credentialId, null);
		down.put("hostKeyPolicy", "trust-on-first-use");
		String downId = created(api.post("/api/v1/servers", down)).path("id").asText();
		Map<String, Object> fresh = server("fresh-" + suffix, stranger.server().port(), limited, credentialId, null);
		fresh.put("host", "127.0.0.3");
		fresh.put("hostKeyPolicy", "trust-on-first-use");
		String freshId = created(api.post("/api/v1/servers", fresh)).path("id").asText();

		String id = startAnsible(
				Map.of("kind", "ansible", "playbook", "ping.yml", "environment", limited, "limit", target));
		JsonNode run = awaitEnd(id);
		String log = api.get("/api/v1/runs/" + id + "/log").body();
		assertThat(run.path("status").asText()).as(log).isEqualTo("SUCCEEDED");
		assertThat(log).doesNotContain("down-" + suffix)
			.doesNotContain("fresh-" + suffix)
			.doesNotContain("Could not check the host key");
		for (String untouched : List.of(downId, freshId)) {
			JsonNode fingerprint = api.get("/api/v1/servers/" + untouched).json().path("hostKeyFingerprint");
			assertThat(fingerprint.isNull() || fingerprint.isMissingNode()).as("pinned: " + fingerprint).isTrue();
		}
	}

	@Test
	void extraVarsAreNeverTemplated() {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("kind", "ansible");
		body.put("playbook", "ping.yml");
		body.put("environment", environment);
		body.put("extraVars", Map.of("message", "{{ lookup('pipe','id') }}"));
		String id = startAnsible(body);
		JsonNode run = awaitEnd(id);
		String log = api.get("/api/v1/runs/" + id + "/log").body();
		assertThat(run.path("status").asText()).as(log).isEqualTo("SUCCEEDED");
		assertThat(log).contains("message: {{ lookup('pipe','id') }}").doesNotContain("uid=");
	}

	@Test
	void secretExtraVarsAreMaskedInOutputAndNeverStored() {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("kind", "ansible");
		body.put("playbook", "ping.yml");
		body.put("environment", environment);
		body.put("secretExtraVars", Map.of("message", "s3cr3t-Value-42"));
		String id = startAnsible(body);
		JsonNode run = awaitEnd(id);
		String log = api.get("/api/v1/runs/" + id + "/log").body();
		assertThat(run.path("status").asText()).as(log).isEqualTo("SUCCEEDED");
		assertThat(log).contains("message: ********").doesNotContain("s3cr3t-Value-42");
		assertThat(api.get("/api/v1/runs/" + id).body()).doesNotContain("s3cr3t-Value-42").contains("message");
	}

	@Test
	void cancellingStopsTheRemoteCommand() throws Exception {
		String marker = "opsdeck-cancel-" + UUID.randomUUID().toString().substring(0, 8);
		String id = startSsh("echo started; exec -a " + marker + " sleep 300", server);
		try (SseStream stream = SseStream.open(api, "/api/v1/runs/" + id + "/events", null)) {
			nextLine(stream);
			assertThat(api.post("/api/v1/runs/" + id + "/cancel", "").status()).isEqualTo(202);
			stream.until("end", Duration.ofSeconds(30));
		}
		JsonNode run = api.get("/api/v1/runs/" + id).json();
		assertThat(run.path("status").asText()).isEqualTo("CANCELLED");
		assertThat(run.path("cancelRequestedBy").asText()).isEqualTo("token:bootstrap");
		await().atMost(Duration.ofSeconds(20)).until(() -> !processRunning(marker));
		assertThat(api.post("/api/v1/runs/" + id + "/cancel", "").status()).isEqualTo(409);
	}

	@Test
	void cancellingARunOnAServerThatStoppedAnsweringAnswersAtOnceAndEndsTheRunWithinTheKillGrace() throws Exception {
		String id = startSsh("echo started; sleep 300", server);
		try (SseStream stream = SseStream.open(api, "/api/v1/runs/" + id + "/events", null)) {
			nextLine(stream);
		}
		// the server freezes mid-run (a hung VM, a dead network path): its session's sshd processes stop answering,
		// and the TCP connection stays open; sessions of other runs may freeze too, which only slows them
		List<Long> frozen = sshd.server().sessionPids();
		assertThat(frozen).as("the run's sshd session processes").isNotEmpty();
		signal("STOP", frozen);
		try {
			long start = System.nanoTime();
			assertThat(api.post("/api/v1/runs/" + id + "/cancel", "").status()).isEqualTo(202);
			// before: the cancel waited 30 s (sshj's channel timeout) to open the channel that signals the tagged
			// processes, and the run ended ~90 s after it (two such waits after the grace, and the close's)
			assertThat(Duration.ofNanos(System.nanoTime() - start)).as("cancel request").isLessThan(Duration.ofSeconds(5));
			await().atMost(Duration.ofSeconds(25))
				.pollInterval(Duration.ofMillis(200))
				.until(() -> RunStatus.valueOf(api.get("/api/v1/runs/" + id).json().path("status").asText()).isTerminal());
			// kill-grace (10 s) plus a few seconds
			assertThat(Duration.ofNanos(System.nanoTime() - start)).as("run end").isLessThan(Duration.ofSeconds(20));
			assertThat(api.get("/api/v1/runs/" + id).json().path("status").asText()).isEqualTo("CANCELLED");
		}
		finally {
			signal("CONT", frozen);
		}
	}

	/**
	 * Stopping waited on the caller's thread, up to 2 s a frozen server: a cancel of a run on three frozen servers
	 * held the request ~6 s, and a shutdown (which stops runs one after another, as these cancels do) grew by 2 s per
	 * run. The stop steps now run on threads of their own.
	 */
	@Test
	void stoppingRunsOnManyServersThatStoppedAnsweringTakesAboutAsLongAsOne() throws Exception {
		String own = ownEnvironment("frozen-");
		List<String> servers = new ArrayList<>();
		for (int i = 0; i < 3; i++) {
			servers.add(created(api.post("/api/v1/servers", server("frozen-" + i + "-" + UUID.randomUUID().toString()
				.substring(0, 6), sshd.server().port(), own, credentialOf(server),
					sshd.server().hostKeyFingerprint()))).path("id").asText());
		}
		Map<String, Object> fanOut = new LinkedHashMap<>();
		fanOut.put("kind", "ssh");
		fanOut.put("command", "echo $((40+2))-up; sleep 300");
		fanOut.put("servers", servers);
		fanOut.put("parallelism", 3);
		List<String> ids = new ArrayList<>(List.of(accepted(api.post("/api/v1/runs", fanOut))));
		ids.add(startSsh("echo $((40+2))-up; sleep 300", servers.get(0)));
		ids.add(startSsh("echo $((40+2))-up; sleep 300", servers.get(1)));
		for (String id : ids) {
			int hosts = id.equals(ids.get(0)) ? 3 : 1;
			await().atMost(Duration.ofSeconds(30))
				.until(() -> api.get("/api/v1/runs/" + id + "/log").body().split("42-up", -1).length - 1 >= hosts);
		}
		List<Long> frozen = sshd.server().sessionPids();
		signal("STOP", frozen);
		try {
			long start = System.nanoTime();
			for (String id : ids) {
				assertThat(api.post("/api/v1/runs/" + id + "/cancel", "").status()).isEqualTo(202);
			}
			// before: ~2 s per frozen server, 3 for the first run and 1 for each other: ~10 s
			assertThat(Duration.ofNanos(System.nanoTime() - start)).as("five servers' stops").isLessThan(Duration.ofSeconds(6));
			for (String id : ids) {
				await().atMost(Duration.ofSeconds(30))
					.pollInterval(Duration.ofMillis(200))
					.until(() -> RunStatus.valueOf(api.get("/api/v1/runs/" + id).json().path("status").asText())
						.isTerminal());
				assertThat(api.get("/api/v1/runs/" + id).json().path("status").asText()).isEqualTo("CANCELLED");
			}
			// kill-grace (10 s) plus a few seconds, for all of them: they were stopped together
			assertThat(Duration.ofNanos(System.nanoTime() - start)).as("runs' end").isLessThan(Duration.ofSeconds(20));
		}
		finally {
			signal("CONT", frozen);
		}
	}

	/**
	 * A local run whose command started a process that left the run's session (re-parented to init) and keeps the
	 * run's output open without writing to it (a daemon started with {@code &}): the stop's SIGTERM and SIGKILL do
	 * not reach it, and the cancelled run stayed {@code RUNNING}, its slot taken, for as long as that process lived
	 * (at shutdown the application closed under the run's worker). (One that writes is cut off by the JDK, which
	 * closes a child's pipes at its next write once the child itself has exited.) Now the run stops waiting shortly
	 * after the kill, ends {@code CANCELLED} and says why. The same wait serves Ansible runs, whose
	 * {@code ansible-playbook} can be held the same way, or be unkillable itself (uninterruptible sleep).
	 */
	@Test
	void aCancelledRunEndsAlthoughAProcessThatEscapedItsSessionStillHoldsTheOutput() throws Exception {
		String local = created(api.post("/api/v1/servers", Map.of("name", "escape-" + UUID.randomUUID().toString()
			.substring(0, 6), "host", "127.0.0.1", "username", "root", "environment", ownEnvironment("escape-"),
				"connection", "local"))).path("id").asText();
		java.nio.file.Path pidFile = java.nio.file.Files.createTempFile("escaped", ".pid");
		// the subshell exits at once, so the setsid'ed sleep is re-parented: neither a descendant nor in the session
		String id = startSsh("echo started; (setsid sh -c 'echo $$ > " + pidFile + "; exec sleep 600' &); sleep 300",
				local);
		try {
			await().atMost(Duration.ofSeconds(30)).until(() -> escaped(pidFile).isPresent());
			long start = System.nanoTime();
			assertThat(api.post("/api/v1/runs/" + id + "/cancel", "").status()).isEqualTo(202);
			await().atMost(Duration.ofSeconds(30))
				.pollInterval(Duration.ofMillis(200))
				.until(() -> RunStatus.valueOf(api.get("/api/v1/runs/" + id).json().path("status").asText()).isTerminal());
			// kill-grace (10 s) plus ProcessTree.AFTER_KILL (2 s) plus the recording
			assertThat(Duration.ofNanos(System.nanoTime() - start)).as("run end").isLessThan(Duration.ofSeconds(16));
			JsonNode run = api.get("/api/v1/runs/" + id).json();
			assertThat(run.path("status").asText()).isEqualTo("CANCELLED");
			assertThat(api.get("/api/v1/runs/" + id + "/log").body()).contains("still holds its output after SIGKILL");
			assertThat(escaped(pidFile).map(ProcessHandle::isAlive)).as("the escaped loop, out of the stop's reach")
				.contains(true);
		}
		finally {
			escaped(pidFile).ifPresent(ProcessHandle::destroyForcibly);
			java.nio.file.Files.deleteIfExists(pidFile);
		}
	}

	private static java.util.Optional<ProcessHandle> escaped(java.nio.file.Path pidFile) throws IOException {
		String pid = java.nio.file.Files.readString(pidFile).trim();
		return pid.isEmpty() ? java.util.Optional.empty() : ProcessHandle.of(Long.parseLong(pid));
	}

	private String ownEnvironment(String prefix) {
		String name = prefix + UUID.randomUUID().toString().substring(0, 6);
		created(api.post("/api/v1/environments",
				Map.of("name", name, "kind", "staging", "cloudProvider", "aws", "region", "us-east-1")));
		return name;
	}

	private static void signal(String signal, List<Long> pids) throws Exception {
		List<String> command = new ArrayList<>(List.of("kill", "-" + signal));
		pids.forEach(pid -> command.add(Long.toString(pid)));
		new ProcessBuilder(command).inheritIO().start().waitFor();
	}

	@Test
	void aRunThatExceedsItsTimeoutEndsTimedOut() {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("kind", "ssh");
		body.put("command", "sleep 60");
		body.put("servers", List.of(server));
		body.put("timeoutSeconds", 2);
		JsonNode run = awaitEnd(accepted(api.post("/api/v1/runs", body)));
		assertThat(run.path("status").asText()).isEqualTo("TIMED_OUT");
		assertThat(run.path("message").asText()).contains("Timed out after 2 s");
	}

	@Test
	void theDemoEnvironmentRunsTheHealthCheckOnTheLocalConnection() {
		String id = startAnsible(Map.of("kind", "ansible", "playbook", "health-check.yml", "environment", "demo"));
		JsonNode run = awaitEnd(id);
		String log = api.get("/api/v1/runs/" + id + "/log").body();
		assertThat(run.path("status").asText()).as(log).isEqualTo("SUCCEEDED");
		assertThat(log).contains("opsdeck_health");
	}

	@Test
	void badRequestsGetProblemDetailsNamingTheField() {
		JsonNode noCommand = api.post("/api/v1/runs", Map.of("kind", "ssh", "servers", List.of(server))).json();
		assertThat(noCommand.path("status").asInt()).isEqualTo(400);
		assertThat(noCommand.path("errors").get(0).path("field").asText()).isEqualTo("command");
		JsonNode badKind = api.post("/api/v1/runs", Map.of("kind", "terraform")).json();
		assertThat(badKind.path("errors").get(0).path("field").asText()).isEqualTo("kind");
		JsonNode escape = api.post("/api/v1/runs",
				Map.of("kind", "ansible", "playbook", "../../etc/passwd.yml", "environment", environment)).json();
		assertThat(escape.path("errors").get(0).path("field").asText()).isEqualTo("playbook");
		JsonNode reserved = api.post("/api/v1/runs", Map.of("kind", "ansible", "playbook", "ping.yml", "environment",
				environment, "extraVars", Map.of("ansible_ssh_common_args", "-o ProxyCommand=id"))).json();
		assertThat(reserved.path("errors").get(0).path("field").asText())
			.isEqualTo("extraVars.ansible_ssh_common_args");
		JsonNode limitFile = api.post("/api/v1/runs", Map.of("kind", "ansible", "playbook", "ping.yml",
				"environment", environment, "limit", "@/etc/passwd")).json();
		assertThat(limitFile.path("errors").get(0).path("field").asText()).isEqualTo("limit");
		assertThat(api.get("/api/v1/runs/" + UUID.randomUUID()).status()).isEqualTo(404);
	}

	@Test
	void aMisspeltFieldInALaunchBodyIsRefusedInsteadOfStartingARealRun() {
		// an unknown field used to be ignored: {"chek":true} left check false and the update, provision or playbook
		// ran for real; a misspelt backupTimestamp restored the newest backup. Each body here also says "check"
		// (or is a validation-only drill), so that on a build without the rule nothing real runs either.
		long before = api.get("/api/v1/runs?environment=" + environment).json().path("totalItems").asLong();
		List<Map.Entry<String, ApiClient.Response>> answers = List.of(
				Map.entry("chek", api.post("/api/v1/runs",
						Map.of("kind", "ansible", "playbook", "ping.yml", "environment", environment, "check", true,
								"chek", true))),
				Map.entry("chek", api.post("/api/v1/environments/" + environment + "/security-updates",
						Map.of("mode", "security", "check", true, "chek", true))),
				Map.entry("dryRun", api.post("/api/v1/servers/" + server + "/provision",
						Map.of("tags", List.of("security"), "check", true, "dryRun", true))),
				Map.entry("backupTimestmp", api.post("/api/v1/drills", Map.of("environment", environment, "type",
						"validation-only", "backupTimestmp", "2025-11-07-120000"))));
		SoftAssertions.assertSoftly(softly -> answers.forEach(answer -> {
			ApiClient.Response response = answer.getValue();
			softly.assertThat(response.status()).as(answer.getKey() + ": " + response).isEqualTo(400);
			softly.assertThat(response.header("Content-Type")).as(response.toString())
				.startsWith("application/problem+json");
			JsonNode error = response.json().path("errors").path(0);
			softly.assertThat(error.path("field").asText()).as(response.toString()).isEqualTo(answer.getKey());
			softly.assertThat(error.path("message").asText()).as(response.toString()).isEqualTo("is not a known field");
		}));
		assertThat(api.get("/api/v1/runs?environment=" + environment).json().path("totalItems").asLong())
			.isEqualTo(before);
		// free-form maps inside a strict body still take any key
		JsonNode vars = api.post("/api/v1/runs", Map.of("kind", "ansible", "playbook", "ping.yml", "environment",
				environment, "check", true, "extraVars", Map.of("anything_goes", 1))).json();
		assertThat(vars.path("status").asText()).as(vars.toString()).isEqualTo("QUEUED");
	}

	private String startSsh(String command, String serverId) {
		return accepted(api.post("/api/v1/runs", Map.of("kind", "ssh", "command", command, "servers", List.of(serverId))));
	}

	private String startAnsible(Map<String, Object> body) {
		return accepted(api.post("/api/v1/runs", body));
	}

	private static String accepted(ApiClient.Response response) {
		assertThat(response.status()).as(response.body()).isEqualTo(202);
		assertThat(response.header("Location")).isNotBlank();
		assertThat(response.json().path("status").asText()).isEqualTo("QUEUED");
		return response.json().path("id").asText();
	}

	private static JsonNode created(ApiClient.Response response) {
		assertThat(response.status()).as(response.body()).isEqualTo(201);
		return response.json();
	}

	private JsonNode awaitEnd(String id) {
		await().atMost(Duration.ofMinutes(2))
			.pollInterval(Duration.ofMillis(200))
			.until(() -> RunStatus.valueOf(api.get("/api/v1/runs/" + id).json().path("status").asText()).isTerminal());
		return api.get("/api/v1/runs/" + id).json();
	}

	private static SseStream.Event nextLine(SseStream stream) throws InterruptedException {
		while (true) {
			SseStream.Event event = stream.next(Duration.ofSeconds(30));
			assertThat(event).as("an event within 30 s").isNotNull();
			if (event.name().equals("line")) {
				return event;
			}
		}
	}

	private static List<String> lineTexts(List<SseStream.Event> events) {
		return events.stream()
			.filter(e -> e.name().equals("line"))
			.map(e -> JSON.readTree(e.data()).path("text").asText())
			.toList();
	}

	private static List<String> lineIds(List<SseStream.Event> events) {
		return events.stream().filter(e -> e.name().equals("line")).map(SseStream.Event::id).toList();
	}

	private static int closedPort() {
		try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.2"))) {
			return socket.getLocalPort();
		}
		catch (java.io.IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
	}

	private static boolean processRunning(String marker) throws Exception {
		Process pgrep = new ProcessBuilder("pgrep", "-f", marker).start();
		return pgrep.waitFor() == 0;
	}

}
