package io.opsdeck.servermetrics;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;

import io.opsdeck.support.ApiClient;
import io.opsdeck.support.ApiClient.Response;
import io.opsdeck.support.Browser;
import io.opsdeck.support.DocsOutput;
import io.opsdeck.support.IntegrationTest;
import io.opsdeck.support.NodeExporter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

/**
 * Server metrics from a real node_exporter on 127.0.0.100: the scheduled scraper stores readings (the test context
 * scrapes every 3 s, and only servers whose exporter was set up), the API and the server page show them with
 * sparklines, an exporter that does not answer is reported as such, old samples are pruned. Writes the screenshot of
 * docs/monitoring.md.
 */
@IntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ServerMetricsIntegrationTests {

	private static final Duration PAGE = Duration.ofSeconds(20);

	@LocalServerPort
	int port;

	@Autowired
	JdbcTemplate jdbc;

	private NodeExporter exporter;

	private ApiClient api;

	private String environment;

	/** One Chromium for the class (starting one costs seconds); null without chromium. */
	private Browser browser;

	@BeforeAll
	void startExporter() {
		assumeThat(NodeExporter.installed()).as("needs the prometheus-node-exporter package").isTrue();
		exporter = NodeExporter.start("127.0.0.100");
		api = new ApiClient(port, IntegrationTest.ADMIN_TOKEN);
		environment = "metrics-" + UUID.randomUUID().toString().substring(0, 6);
		assertThat(api.post("/api/v1/environments", Map.of("name", environment, "kind", "staging", "cloudProvider",
				"aws", "region", "eu-central-1")).status()).isEqualTo(201);
		if (Browser.chromiumInstalled()) {
			browser = Browser.start(port);
			browser.openAsAdmin("/", IntegrationTest.ADMIN_PASSWORD, PAGE);
		}
	}

	@AfterAll
	void stopExporter() {
		if (environment != null) {
			// the other test classes sharing this context need not keep scraping these servers
			jdbc.update("update server_metric_exporters set enabled = false where server_id in (select s.id from servers s"
					+ " join environments e on e.id = s.environment_id where e.name = ?)", environment);
		}
		if (exporter != null) {
			exporter.close();
		}
		if (browser != null) {
			browser.close();
		}
	}

	private String server(String name, String host) {
		Response created = api.post("/api/v1/servers", Map.of("name", environment + "-" + name, "host", host,
				"username", "root", "environment", environment, "connection", "local"));
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		return created.json().path("id").asString();
	}

	@Test
	void readingsOfARealNodeExporterAreStoredAndShownWithSparklines() {
		String id = server("web", exporter.address());
		String path = "/api/v1/servers/" + id + "/metrics";
		assertThat(api.get(path).json().path("status").asString()).isEqualTo("NO_DATA");

		Response set = api.put(path + "/exporter", Map.of("port", exporter.port()));
		assertThat(set.status()).as(set.toString()).isEqualTo(200);
		assertThat(set.json().path("exporterPort").asInt()).isEqualTo(exporter.port());

		// the scheduled rounds store readings; CPU use needs two of them
		JsonNode view = await().atMost(Duration.ofSeconds(30)).until(() -> api.get(path).json(),
				v -> "OK".equals(v.path("status").asString()) && v.path("current").path("cpuPercent").isNumber());
		JsonNode current = view.path("current");
		assertThat(current.path("cpuPercent").asDouble()).isBetween(0.0, 100.0);
		assertThat(current.path("memoryPercent").asDouble()).isBetween(0.1, 100.0);
		assertThat(current.path("diskPercent").asDouble()).isBetween(0.1, 100.0);
		assertThat(current.path("load1").asDouble()).isGreaterThanOrEqualTo(0.0);
		assertThat(view.path("history").size()).isGreaterThanOrEqualTo(2);
		assertThat(view.path("error").isNull()).isTrue();
		// the same numbers node_exporter itself serves (memory moves a little between two reads)
		String text = exporter.metrics();
		double total = value(text, "node_memory_MemTotal_bytes");
		double available = value(text, "node_memory_MemAvailable_bytes");
		assertThat(current.path("memoryPercent").asDouble()).isCloseTo(100 * (1 - available / total),
				org.assertj.core.data.Offset.offset(5.0));

		// "read now" answers a reading younger than half the interval (1.5 s here): a new one, or one that fresh;
		// clicking again at once stores nothing more
		Instant asked = Instant.now();
		Response refreshed = api.post(path + "/refresh", Map.of());
		assertThat(refreshed.status()).isEqualTo(200);
		assertThat(Instant.parse(refreshed.json().path("checkedAt").asString()))
			.isAfter(asked.minus(Duration.ofMillis(1600)));
		// five clicks store at most one reading per half interval (1.5 s) they span, plus one, never one each
		long started = System.nanoTime();
		Response again = refreshed;
		for (int click = 0; click < 5; click++) {
			again = api.post(path + "/refresh", Map.of());
		}
		long spanMillis = Duration.ofNanos(System.nanoTime() - started).toMillis();
		assertThat(Instant.parse(again.json().path("checkedAt").asString()))
			.isAfterOrEqualTo(Instant.parse(refreshed.json().path("checkedAt").asString()));
		assertThat(again.json().path("history").size() - refreshed.json().path("history").size())
			.isLessThanOrEqualTo((int) (spanMillis / 1500) + 1);

		assumeThat(browser).as("needs chromium and chromium-driver").isNotNull();
		browser.open("/servers/" + id + "/provisioning");
		browser.await(PAGE, driver -> browser.find(Browser.testId("server-metric-cpu")).getText().endsWith("%"));
		assertThat(browser.find(Browser.testId("server-metrics-status")).getText())
			.contains("node_exporter on port " + exporter.port());
		assertThat(browser.find(Browser.testId("server-metric-memory")).getText()).matches("\\d+\\.\\d %");
		assertThat(browser.find(Browser.testId("server-metric-disk")).getText()).matches("\\d+\\.\\d %");
		assertThat(browser.find(Browser.testId("server-metric-load")).getText()).matches("\\d+\\.\\d\\d");
		for (String metric : new String[] { "cpu", "memory", "disk", "load" }) {
			assertThat(browser.findAll(By.cssSelector("[data-testid='server-sparkline-" + metric
					+ "'] svg polyline"))).hasSize(1);
		}
		browser.script("arguments[0].scrollIntoView({block: 'center'})",
				browser.find(Browser.testId("server-metrics")));
		browser.screenshot(DocsOutput.directory("images").resolve("server-metrics.png"));
		assertThat(browser.consoleProblems()).isEmpty();
	}

	@Test
	void anExporterThatDoesNotAnswerIsReportedNotAnError() {
		String id = server("dark", "127.0.0.101");
		String path = "/api/v1/servers/" + id + "/metrics";
		int closed = NodeExporter.freePort("127.0.0.101");
		assertThat(api.put(path + "/exporter", Map.of("port", closed)).status()).isEqualTo(200);
		Response refreshed = api.post(path + "/refresh", Map.of());
		assertThat(refreshed.status()).isEqualTo(200);
		assertThat(refreshed.json().path("status").asString()).isEqualTo("UNREACHABLE");
		assertThat(refreshed.json().path("error").asString()).isEqualTo("node_exporter not reachable on port " + closed);
		assertThat(refreshed.json().path("current").isNull()).isTrue();

		if (browser != null) {
			browser.open("/servers/" + id + "/provisioning");
			browser.await(PAGE, driver -> browser.find(Browser.testId("server-metrics-status")).getText()
				.contains("not reachable"));
			assertThat(browser.find(Browser.testId("server-metric-cpu")).getText()).isEqualTo("–");
			assertThat(browser.consoleProblems()).isEmpty();
		}
	}

	@Test
	void viewersReadOperatorsRefreshAdminsSetTheExporterAndOldSamplesGo() {
		String id = server("roles", "127.0.0.102");
		String path = "/api/v1/servers/" + id + "/metrics";
		ApiClient viewer = api.withToken(token("VIEWER"));
		ApiClient operator = api.withToken(token("OPERATOR"));
		assertThat(viewer.get(path).status()).isEqualTo(200);
		assertThat(viewer.post(path + "/refresh", Map.of()).status()).isEqualTo(403);
		assertThat(operator.put(path + "/exporter", Map.of("port", 9100)).status()).isEqualTo(403);
		assertThat(new ApiClient(port, null).get(path).status()).isEqualTo(401);
		assertThat(api.get("/api/v1/servers/" + UUID.randomUUID() + "/metrics").status()).isEqualTo(404);
		Response invalid = api.put(path + "/exporter", Map.of("port", 70000));
		assertThat(invalid.status()).isEqualTo(400);
		assertThat(invalid.body()).contains("port");

		// disabled: the refresh reads nothing and says so
		assertThat(api.put(path + "/exporter", Map.of("port", 9100, "enabled", false)).status()).isEqualTo(200);
		Response disabled = operator.post(path + "/refresh", Map.of());
		assertThat(disabled.status()).as(disabled.toString()).isEqualTo(409);
		assertThat(disabled.body()).contains("disabled");
		assertThat(api.get(path).json().path("status").asString()).isEqualTo("NO_DATA");

		// samples older than the hour are pruned by the next round
		jdbc.update("insert into server_metric_samples (server_id, sampled_at, reachable, load1, node)"
				+ " values (?::uuid, ?, true, 1.0, 'test')", id, Timestamp.from(Instant.now().minus(Duration.ofHours(2))));
		await().atMost(Duration.ofSeconds(20)).until(() -> jdbc.queryForObject(
				"select count(*) from server_metric_samples where server_id = ?::uuid", Long.class, id) == 0);
	}

	@Test
	void aStalledExporterCostsItsDeadlineAndNeverStopsTheOtherServers() throws IOException {
		CountDownLatch release = new CountDownLatch(1);
		// sends headers and the first bytes of a body, then nothing (until the test ends)
		HttpServer stalled = fakeExporter(exchange -> {
			exchange.sendResponseHeaders(200, 0);
			exchange.getResponseBody().write("# HELP node_load1 1m load average.\n".getBytes(StandardCharsets.UTF_8));
			exchange.getResponseBody().flush();
			try {
				release.await(60, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		});
		// answers HTTP 200, but not as node_exporter; and a node_exporter whose values are all broken
		HttpServer other = fakeExporter(exchange -> answer(exchange, "http_requests_total{code=\"200\"} 3\n"));
		HttpServer broken = fakeExporter(exchange -> answer(exchange, "node_load1 NaN\nnode_memory_MemTotal_bytes +Inf\n"
				+ "node_memory_MemAvailable_bytes -1\nnode_cpu_seconds_total{cpu=\"0\",mode=\"idle\"} 5\n"));
		try {
			String healthy = server("healthy", exporter.address());
			String stuck = server("stuck", "127.0.0.101");
			assertThat(api.put("/api/v1/servers/" + stuck + "/metrics/exporter",
					Map.of("port", stalled.getAddress().getPort())).status()).isEqualTo(200);
			assertThat(api.put("/api/v1/servers/" + healthy + "/metrics/exporter", Map.of("port", exporter.port()))
				.status()).isEqualTo(200);

			// the refresh costs the 5 s deadline, not forever, and says why
			long started = System.nanoTime();
			Response refreshed = api.post("/api/v1/servers/" + stuck + "/metrics/refresh", Map.of());
			assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(9));
			assertThat(refreshed.status()).as(refreshed.toString()).isEqualTo(200);
			assertThat(refreshed.json().path("status").asString()).isEqualTo("UNREACHABLE");
			assertThat(refreshed.json().path("error").asString()).contains("did not answer in time");

			// while the stuck server keeps stalling every round, the healthy one keeps being read
			long stored = samples(healthy);
			await().atMost(Duration.ofSeconds(25)).until(() -> samples(healthy) >= stored + 2);

			String notExporter = server("other", "127.0.0.101");
			api.put("/api/v1/servers/" + notExporter + "/metrics/exporter", Map.of("port", other.getAddress().getPort()));
			JsonNode notView = api.post("/api/v1/servers/" + notExporter + "/metrics/refresh", Map.of()).json();
			assertThat(notView.path("status").asString()).isEqualTo("NOT_EXPORTER");
			assertThat(notView.path("error").asString()).startsWith("not a node_exporter: port "
					+ other.getAddress().getPort());
			assertThat(notView.path("current").isNull()).isTrue();

			String nan = server("nan", "127.0.0.101");
			api.put("/api/v1/servers/" + nan + "/metrics/exporter", Map.of("port", broken.getAddress().getPort()));
			Response nanView = api.post("/api/v1/servers/" + nan + "/metrics/refresh", Map.of());
			assertThat(nanView.json().path("status").asString()).as(nanView.toString()).isEqualTo("OK");
			JsonNode current = nanView.json().path("current");
			for (String field : new String[] { "cpuPercent", "memoryPercent", "diskPercent", "load1" }) {
				assertThat(current.path(field).isNull()).as(field + " in " + nanView.body()).isTrue();
			}
			if (browser != null) {
				browser.open("/servers/" + nan + "/provisioning");
				browser.await(PAGE, driver -> "OK".equals(browser.find(Browser.testId("server-metrics"))
					.getDomAttribute("data-status")));
				assertThat(browser.find(Browser.testId("server-metric-load")).getText()).isEqualTo("–");
				assertThat(browser.consoleProblems()).isEmpty();
			}
		}
		finally {
			release.countDown();
			stalled.stop(0);
			other.stop(0);
			broken.stop(0);
		}
	}

	private long samples(String serverId) {
		return jdbc.queryForObject("select count(*) from server_metric_samples where server_id = ?::uuid and reachable",
				Long.class, serverId);
	}

	private static HttpServer fakeExporter(HttpHandler handler) throws IOException {
		HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.101", 0), 0);
		server.createContext("/metrics", handler);
		server.setExecutor(Executors.newCachedThreadPool(task -> {
			Thread thread = new Thread(task, "fake-exporter");
			thread.setDaemon(true);
			return thread;
		}));
		server.start();
		return server;
	}

	private static void answer(HttpExchange exchange, String text) throws IOException {
		byte[] body = text.getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().add("Content-Type", "text/plain; version=0.0.4");
		exchange.sendResponseHeaders(200, body.length);
		try (var out = exchange.getResponseBody()) {
			out.write(body);
		}
	}

	private String token(String role) {
		Response created = api.post("/api/v1/tokens", Map.of("name", role.toLowerCase() + "-" + UUID.randomUUID(),
				"role", role, "expiresInDays", 1));
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		return created.json().path("token").asString();
	}

	private static double value(String exposition, String name) {
		return exposition.lines().filter(line -> line.startsWith(name + " ")).findFirst()
			.map(line -> Double.parseDouble(line.substring(name.length() + 1).strip()))
			.orElseThrow(() -> new AssertionError(name + " missing"));
	}

}
