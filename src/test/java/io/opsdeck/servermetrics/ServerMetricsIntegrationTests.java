package io.opsdeck.servermetrics;

import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

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

		// "read now" adds one at once
		int before = view.path("history").size();
		Response refreshed = api.post(path + "/refresh", Map.of());
		assertThat(refreshed.status()).isEqualTo(200);
		assertThat(refreshed.json().path("history").size()).isGreaterThan(before);

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

		// disabled: the refresh reads nothing
		assertThat(api.put(path + "/exporter", Map.of("port", 9100, "enabled", false)).status()).isEqualTo(200);
		JsonNode disabled = operator.post(path + "/refresh", Map.of()).json();
		assertThat(disabled.path("enabled").asBoolean()).isFalse();
		assertThat(disabled.path("status").asString()).isEqualTo("NO_DATA");

		// samples older than the hour are pruned by the next round
		jdbc.update("insert into server_metric_samples (server_id, sampled_at, reachable, load1, node)"
				+ " values (?::uuid, ?, true, 1.0, 'test')", id, Timestamp.from(Instant.now().minus(Duration.ofHours(2))));
		await().atMost(Duration.ofSeconds(20)).until(() -> jdbc.queryForObject(
				"select count(*) from server_metric_samples where server_id = ?::uuid", Long.class, id) == 0);
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
