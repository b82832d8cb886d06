package io.opsdeck.logs;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.opsdeck.support.ApiClient;
import io.opsdeck.support.Browser;
import io.opsdeck.support.DocsOutput;
import io.opsdeck.support.IntegrationTest;
import io.opsdeck.support.JournalHost;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Container logs read straight from a real journal over SSH ({@link JournalHost}: a real systemd-journald behind a
 * real sshd on 127.0.0.95): the filters, text and JSON export, follow (a new entry arrives live; when the client
 * goes, the remote journalctl is gone), bad input, and the journal clean-ups as runs.
 */
@IntegrationTest
class LogsIntegrationTests {

	private static final String ADDRESS = "127.0.0.95";

	private static final Duration RUN = Duration.ofSeconds(120);

	private static JournalHost host;

	private static String environment;

	private static String serverId;

	@LocalServerPort
	int port;

	@Autowired
	JdbcTemplate jdbc;

	ApiClient api;

	@BeforeAll
	static void startJournalHost() {
		assumeTrue(JournalHost.isAvailable(), "needs OpenSSH sshd, systemd-journald and root (unshare -m)");
		host = JournalHost.start(ADDRESS);
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
		if (serverId != null) {
			return;
		}
		String suffix = UUID.randomUUID().toString().substring(0, 6);
		environment = "logs-" + suffix;
		serverId = server(environment("logs-" + suffix, "staging"), "logs-web-" + suffix);
		host.write("MESSAGE=django started", "CONTAINER_NAME=django", "SYSLOG_IDENTIFIER=django");
		host.write("MESSAGE=postgres ready", "CONTAINER_NAME=postgres", "SYSLOG_IDENTIFIER=postgres");
		host.write("MESSAGE=ERROR could not reach redis", "CONTAINER_NAME=django", "SYSLOG_IDENTIFIER=django");
		host.write("MESSAGE=compose django serving", "CONTAINER_NAME=app-django-1", "COM_DOCKER_COMPOSE_SERVICE=django",
				"SYSLOG_IDENTIFIER=app-django-1");
	}

	@Test
	void readsOneContainersLogFilteredAsTextAndAsJournaldJson() {
		ApiClient.Response all = logs("container=django");
		assertThat(all.status()).as(all.body()).isEqualTo(200);
		assertThat(all.header("Content-Type")).startsWith("text/plain");
		assertThat(all.body()).contains("django started", "ERROR could not reach redis", "compose django serving")
			.doesNotContain("postgres ready");
		assertThat(all.body().lines().filter(l -> l.contains("django started")).findFirst().orElseThrow())
			.matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}[+-]\\d{4} \\S+ django\\[\\d+\\]: django started");

		assertThat(logs("container=django&lines=1").body()).contains("compose django serving")
			.doesNotContain("django started");
		assertThat(logs("container=django&grep=error").body()).contains("ERROR could not reach redis")
			.doesNotContain("django started");
		assertThat(logs("container=postgres&since=" + encode("1 hour ago")).body()).contains("postgres ready");
		String inAnHour = ZonedDateTime.now(ZoneOffset.UTC).plusHours(1).format(DateTimeFormatter.ISO_LOCAL_DATE_TIME)
			.substring(0, 19) + "Z";
		ApiClient.Response later = logs("container=postgres&since=" + encode(inAnHour));
		assertThat(later.status()).as(later.body()).isEqualTo(200);
		assertThat(later.body()).doesNotContain("postgres ready");
		ApiClient.Response earlier = logs("container=postgres&until=" + encode("2020-01-01"));
		assertThat(earlier.status()).as(earlier.body()).isEqualTo(200);
		assertThat(earlier.body()).doesNotContain("postgres ready");
		assertThat(logs("container=postgres&since=today&until=now").body()).contains("postgres ready");

		ApiClient.Response json = logs("container=django&format=json&grep=ERROR&download=true");
		assertThat(json.status()).as(json.body()).isEqualTo(200);
		assertThat(json.header("Content-Type")).startsWith("application/x-ndjson");
		assertThat(json.header("Content-Disposition")).contains("attachment").contains("django-log.ndjson");
		List<JsonNode> entries = json.body().lines().filter(l -> !l.isBlank()).map(LogsIntegrationTests::parse).toList();
		assertThat(entries).hasSize(1);
		assertThat(entries.get(0).path("MESSAGE").asString()).isEqualTo("ERROR could not reach redis");
		assertThat(entries.get(0).path("CONTAINER_NAME").asString()).isEqualTo("django");
		assertThat(entries.get(0).path("__REALTIME_TIMESTAMP").asString()).matches("\\d{16}");
		ApiClient.Response none = logs("container=django&format=json&grep=nothing-matches-this");
		assertThat(none.status()).as(none.body()).isEqualTo(200);
		assertThat(none.body()).isBlank();

		JsonNode containers = api.get("/api/v1/servers/" + serverId + "/logs/containers").json().path("containers");
		assertThat(containers.values().stream().map(JsonNode::asString).toList()).contains("django", "postgres",
				"redis", "caddy", "celeryworker", "app-django-1");
	}

	@Test
	void badInputIsRefusedWithTheFieldBeforeAnythingRuns() {
		Map<String, String> bad = new LinkedHashMap<>();
		bad.put("container=django&since=" + encode("$(rm -rf /)"), "since");
		bad.put("container=django&until=" + encode("1 hour ago; id"), "until");
		bad.put("container=" + encode("django; id"), "container");
		bad.put("lines=5", "container");
		bad.put("container=django&lines=0", "lines");
		bad.put("container=django&lines=10001", "lines");
		bad.put("container=django&grep=" + encode("it's"), "grep");
		bad.put("container=django&grep=" + encode("(unclosed"), "grep");
		bad.put("container=django&format=xml", "format");
		bad.put("container=django&follow=true&until=now", "until");
		bad.forEach((query, field) -> {
			ApiClient.Response response = logs(query);
			assertThat(response.status()).as(query + ": " + response.body()).isEqualTo(400);
			assertThat(response.header("Content-Type")).startsWith("application/problem+json");
			assertThat(response.json().path("errors").get(0).path("field").asString()).as(query).isEqualTo(field);
		});
		assertThat(host.processes("journalctl")).isEmpty();
		assertThat(api.get("/api/v1/servers/" + UUID.randomUUID() + "/logs?container=django").status()).isEqualTo(404);
	}

	@Test
	void followStreamsNewEntriesAndStopsTheRemoteJournalctlWhenTheClientGoes() throws Exception {
		StringBuffer received = new StringBuffer();
		try (Socket socket = follow(IntegrationTest.ADMIN_TOKEN, received)) {
			await().atMost(RUN).until(() -> received.toString().contains("compose django serving"));
			assertThat(received.toString()).startsWith("HTTP/1.1 200").doesNotContain("django started");
			assertThat(host.processes("journalctl")).hasSize(1);

			String marker = "live entry " + UUID.randomUUID();
			host.write("MESSAGE=" + marker, "CONTAINER_NAME=django");
			host.write("MESSAGE=not for django " + marker, "CONTAINER_NAME=postgres");
			await().atMost(RUN).until(() -> received.toString().contains(marker));
			assertThat(received.toString()).doesNotContain("not for django");
		}
		// the client is gone: no journalctl -f may be left running on the server
		await().atMost(RUN).untilAsserted(() -> assertThat(host.processes("journalctl")).isEmpty());
	}

	@Test
	void revokingTheTokenEndsItsFollowedLogAndStopsTheRemoteJournalctl() throws Exception {
		JsonNode created = api.post("/api/v1/tokens", Map.of("name", "logs-follow-" + UUID.randomUUID(), "role",
				"OPERATOR")).json();
		StringBuffer received = new StringBuffer();
		try (Socket socket = follow(created.path("token").asString(), received)) {
			await().atMost(RUN).until(() -> received.toString().contains("compose django serving"));
			assertThat(received.toString()).startsWith("HTTP/1.1 200");

			assertThat(api.delete("/api/v1/tokens/" + created.path("id").asString()).status()).isEqualTo(204);
			// the heartbeat timer asks again every 2.5 s: the reason, then the response's last chunk (nothing after it)
			await().atMost(Duration.ofSeconds(20))
				.untilAsserted(() -> assertThat(received.toString()).contains("revoked or has expired")
					.endsWith("0\r\n\r\n"));
		}
		await().atMost(RUN).untilAsserted(() -> assertThat(host.processes("journalctl")).isEmpty());
	}

	/**
	 * A user's followed log ends when they lose the grant that made them an OPERATOR of the server's environment
	 * (CredentialRechecks: the role in the resource's environments, as of now), not when the client goes.
	 */
	@Test
	void losingTheGrantEndsTheFollowedLogOfThatUsersSession() throws Exception {
		String name = "logs-op-" + UUID.randomUUID().toString().substring(0, 8);
		String password = "follow-the-journal-" + UUID.randomUUID();
		assertThat(api.post("/api/v1/users", Map.of("username", name, "password", password, "role", "VIEWER"))
			.status()).isEqualTo(201);
		assertThat(api.put("/api/v1/users/" + name + "/grants/" + environment, Map.of("role", "OPERATOR")).status())
			.isEqualTo(200);
		StringBuffer received = new StringBuffer();
		try (Socket socket = followWith("Cookie: " + signIn(name, password), received)) {
			await().atMost(RUN).until(() -> received.toString().contains("compose django serving"));
			assertThat(received.toString()).startsWith("HTTP/1.1 200");

			assertThat(api.delete("/api/v1/users/" + name + "/grants/" + environment).status()).isEqualTo(204);
			await().atMost(Duration.ofSeconds(20))
				.untilAsserted(() -> assertThat(received.toString()).contains("-- The credential this stream was "
						+ "opened with may no longer see this resource. --")
					.endsWith("0\r\n\r\n"));
		}
		await().atMost(RUN).untilAsserted(() -> assertThat(host.processes("journalctl")).isEmpty());
	}

	/** A token that expires while its log is followed ends the follow, not before it expires. */
	@Test
	void aTokenExpiringMidStreamEndsItsFollowedLog() throws Exception {
		JsonNode created = api.post("/api/v1/tokens", Map.of("name", "logs-expiring-" + UUID.randomUUID(), "role",
				"OPERATOR", "expiresInDays", 1)).json();
		// a day is the API's shortest lifetime: bring the expiry to seconds from now before the token's first use
		Timestamp expiresAt = jdbc.queryForObject("update api_tokens set expires_at = now() + interval '8 seconds' "
				+ "where id = ? returning expires_at", Timestamp.class, UUID.fromString(created.path("id").asString()));
		StringBuffer received = new StringBuffer();
		try (Socket socket = follow(created.path("token").asString(), received)) {
			await().atMost(RUN).until(() -> received.toString().contains("compose django serving"));
			assertThat(received.toString()).startsWith("HTTP/1.1 200");

			await().atMost(Duration.ofSeconds(30))
				.untilAsserted(() -> assertThat(received.toString()).contains("revoked or has expired")
					.endsWith("0\r\n\r\n"));
			assertThat(System.currentTimeMillis()).as("not before the expiry").isGreaterThanOrEqualTo(
					expiresAt.getTime());
		}
		await().atMost(RUN).untilAsserted(() -> assertThat(host.processes("journalctl")).isEmpty());
	}

	@Test
	void journalUsageIsReadAndTheCleanUpsAreRunsInRunHistory() {
		JsonNode usage = api.get("/api/v1/servers/" + serverId + "/journal").json();
		assertThat(usage.path("bytes").asLong()).isPositive();
		assertThat(usage.path("text").asString()).contains("take up");

		ApiClient.Response vacuum = api.post("/api/v1/servers/" + serverId + "/journal/vacuum",
				Map.of("olderThanDays", 30));
		assertThat(vacuum.status()).as(vacuum.body()).isEqualTo(202);
		JsonNode vacuumRun = awaitEnd(vacuum.json().path("id").asString());
		assertThat(vacuumRun.path("status").asString()).as(vacuumRun.toString()).isEqualTo("SUCCEEDED");
		assertThat(vacuumRun.path("command").asString()).contains("journalctl --vacuum-time=30d");
		assertThat(api.get("/api/v1/runs/" + vacuumRun.path("id").asString() + "/log").body()).contains("Vacuuming done");

		ApiClient.Response prune = api.post("/api/v1/servers/" + serverId + "/docker/prune-images", Map.of());
		assertThat(prune.status()).as(prune.body()).isEqualTo(202);
		JsonNode pruneRun = awaitEnd(prune.json().path("id").asString());
		assertThat(pruneRun.path("command").asString()).isEqualTo("docker image prune -f");
		// no Docker Engine on this machine: the run fails, and is kept like any other
		assertThat(pruneRun.path("status").asString()).isIn("SUCCEEDED", "FAILED");
		List<String> recent = api.get("/api/v1/runs?size=50").json().path("items").values().stream()
			.map(r -> r.path("id").asString())
			.toList();
		assertThat(recent).contains(vacuumRun.path("id").asString(), pruneRun.path("id").asString());

		assertThat(api.post("/api/v1/servers/" + serverId + "/journal/vacuum", Map.of("olderThanDays", 0)).status())
			.isEqualTo(400);
		String production = server(environment(environment + "-prd", "production"), "logs-prd-" + environment);
		String operator = api.post("/api/v1/tokens", Map.of("name", "logs-operator-" + environment, "role", "OPERATOR"))
			.json()
			.path("token")
			.asString();
		ApiClient.Response refused = api.withToken(operator)
			.post("/api/v1/servers/" + production + "/journal/vacuum", Map.of("olderThanDays", 7));
		assertThat(refused.status()).as(refused.body()).isEqualTo(403);
		assertThat(refused.json().path("detail").asString()).contains("production");
		assertThat(api.withToken(operator).post("/api/v1/servers/" + production + "/docker/prune-images", Map.of())
			.status()).isEqualTo(403);
		assertThat(api.withToken(operator).get("/api/v1/servers/" + serverId + "/logs?container=django&lines=1")
			.status()).isEqualTo(200);
	}

	@Test
	void theLogsPageShowsFollowsAndExportsAContainersLog() {
		assumeTrue(Browser.chromiumInstalled(), "needs chromium and chromium-driver");
		try (Browser browser = Browser.start(port)) {
			browser.openAsAdmin("/servers/" + serverId + "/provisioning", IntegrationTest.ADMIN_PASSWORD, RUN);
			browser.clickAndWaitForNewPage(browser.find(Browser.testId("logs-link")), RUN);
			assertThat(browser.currentPath()).isEqualTo("/servers/" + serverId + "/logs");
			WebElement picker = browser.find(Browser.testId("container"));
			browser.await(RUN, d -> picker.getText().contains("app-django-1"));
			assertThat(picker.getText()).contains("app-django-1", "celeryworker");
			new Select(picker).selectByValue("django");
			browser.find(Browser.testId("grep")).sendKeys("ERROR");
			browser.click(browser.find(Browser.testId("show")));
			browser.await(RUN, d -> browser.find(Browser.testId("log")).getText().contains("could not reach redis"));
			assertThat(browser.find(Browser.testId("log")).getText()).doesNotContain("django started");
			assertThat(browser.find(Browser.testId("export-json")).getDomAttribute("href"))
				.contains("/api/v1/servers/" + serverId + "/logs?").contains("container=django")
				.contains("grep=ERROR").contains("format=json").contains("download=true");
			assertThat(browser.find(Browser.testId("export-text")).getDomAttribute("href")).contains("format=text");

			browser.find(Browser.testId("grep")).clear();
			browser.click(browser.find(Browser.testId("follow")));
			browser.click(browser.find(Browser.testId("show")));
			browser.await(RUN, d -> browser.find(Browser.testId("log")).getText().contains("compose django serving"));
			String marker = "page live entry " + UUID.randomUUID();
			host.write("MESSAGE=" + marker, "CONTAINER_NAME=django", "SYSLOG_IDENTIFIER=django");
			browser.await(RUN, d -> browser.find(Browser.testId("log")).getText().contains(marker));
			browser.await(RUN, d -> browser.find(Browser.testId("journal-usage")).getText().contains("MiB"));
			assertThat(host.processes("journalctl")).hasSize(1);
			browser.screenshot(DocsOutput.directory("images").resolve("logs.png"));

			browser.click(browser.find(Browser.testId("stop")));
			await().atMost(RUN).untilAsserted(() -> assertThat(host.processes("journalctl")).isEmpty());
			assertThat(browser.consoleProblems()).isEmpty();
		}
	}

	private ApiClient.Response logs(String query) {
		return api.get("/api/v1/servers/" + serverId + "/logs?" + query);
	}

	private String environment(String name, String kind) {
		ApiClient.Response created = api.post("/api/v1/environments",
				Map.of("name", name, "kind", kind, "cloudProvider", "aws", "region", "us-east-1"));
		assertThat(created.status()).as(created.body()).isBetween(200, 201);
		return name;
	}

	private String server(String environmentName, String name) {
		Map<String, Object> credential = new LinkedHashMap<>();
		credential.put("name", name);
		credential.put("type", "ssh-key");
		credential.put("privateKey", host.sshd().clientPrivateKey());
		credential.put("passphrase", null);
		String credentialId = api.post("/api/v1/credentials", credential).json().path("id").asString();
		Map<String, Object> server = new LinkedHashMap<>();
		server.put("name", name);
		server.put("host", ADDRESS);
		server.put("port", host.sshd().port());
		server.put("username", host.sshd().username());
		server.put("environment", environmentName);
		server.put("credentialId", credentialId);
		server.put("hostKeyPolicy", "strict");
		server.put("hostKeyFingerprint", host.sshd().hostKeyFingerprint());
		ApiClient.Response created = api.post("/api/v1/servers", server);
		assertThat(created.status()).as(created.body()).isBetween(200, 201);
		return created.json().path("id").asString();
	}

	private JsonNode awaitEnd(String runId) {
		JsonNode[] run = new JsonNode[1];
		await().atMost(RUN).pollInterval(Duration.ofMillis(200)).until(() -> {
			run[0] = api.get("/api/v1/runs/" + runId).json();
			return !List.of("QUEUED", "RUNNING").contains(run[0].path("status").asString());
		});
		return run[0];
	}

	/** Signs in on the sign-in page; @return the session's {@code JSESSIONID=…} cookie */
	private String signIn(String username, String password) throws Exception {
		CookieManager cookies = new CookieManager(null, CookiePolicy.ACCEPT_ALL);
		HttpClient browser = HttpClient.newBuilder().cookieHandler(cookies)
			.followRedirects(HttpClient.Redirect.NEVER)
			.build();
		URI login = URI.create("http://127.0.0.1:" + port + "/login");
		Matcher csrf = Pattern.compile("name=\"_csrf\"\\s+value=\"([^\"]+)\"")
			.matcher(browser.send(HttpRequest.newBuilder(login).build(), HttpResponse.BodyHandlers.ofString()).body());
		assertThat(csrf.find()).isTrue();
		HttpResponse<Void> signedIn = browser.send(HttpRequest.newBuilder(login)
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString("username=" + encode(username) + "&password=" + encode(password)
					+ "&_csrf=" + encode(csrf.group(1))))
			.build(), HttpResponse.BodyHandlers.discarding());
		assertThat(signedIn.headers().firstValue("Location").orElse("")).doesNotContain("/login");
		return cookies.getCookieStore().getCookies().stream()
			.filter(cookie -> cookie.getName().equals("JSESSIONID"))
			.map(cookie -> "JSESSIONID=" + cookie.getValue())
			.findFirst()
			.orElseThrow();
	}

	private static JsonNode parse(String line) {
		return JsonMapper.builder().build().readTree(line);
	}

	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

	/** Opens {@code GET .../logs?container=django&lines=2&follow=true} on a raw socket; a thread collects the reply. */
	private Socket follow(String token, StringBuffer received) throws IOException {
		return followWith("Authorization: Bearer " + token, received);
	}

	/** @param credential the header line that authenticates, e.g. {@code Cookie: JSESSIONID=…} */
	private Socket followWith(String credential, StringBuffer received) throws IOException {
		Socket socket = new Socket("127.0.0.1", port);
		OutputStream out = socket.getOutputStream();
		out.write(("GET /api/v1/servers/" + serverId + "/logs?container=django&lines=2&follow=true HTTP/1.1\r\n"
				+ "Host: 127.0.0.1\r\n" + credential + "\r\n\r\n")
			.getBytes(StandardCharsets.US_ASCII));
		out.flush();
		Thread reader = new Thread(() -> collect(socket, received), "follow-reader");
		reader.setDaemon(true);
		reader.start();
		return socket;
	}

	private static void collect(Socket socket, StringBuffer received) {
		try {
			InputStream in = socket.getInputStream();
			byte[] buffer = new byte[4096];
			int n;
			while ((n = in.read(buffer)) != -1) {
				received.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
			}
		}
		catch (IOException ex) {
			// the test closed the socket
		}
	}

}
