package io.opsdeck.health;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

import io.opsdeck.support.ApiClient;
import io.opsdeck.support.Browser;
import io.opsdeck.support.DocsOutput;
import io.opsdeck.support.IntegrationTest;
import io.opsdeck.support.SshdExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.PayloadApplicationEvent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Health checks end to end on real parts (seed: Health Checks): the real {@code health-check.yml} through a real
 * ansible-playbook against a real sshd on 127.0.0.90, measuring this machine's real disk. Thresholds set below the
 * disk's current use make the disk check WARNING, then CRITICAL; nothing is faked. A second server on 127.0.0.91,
 * where nothing listens, is UNKNOWN.
 */
@IntegrationTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HealthIntegrationTests {

	private static final Duration RUN = Duration.ofMinutes(15);

	@RegisterExtension
	static final SshdExtension sshd = SshdExtension.on("127.0.0.90").skippedWithoutSshd();

	private static String environment;

	private static String web;

	private static String webId;

	private static String goneId;

	private static String warningRun;

	private static String criticalRun;

	private static final List<HealthCheckCompleted> completed = Collections.synchronizedList(new ArrayList<>());

	private static ApplicationListener<PayloadApplicationEvent<HealthCheckCompleted>> listener;

	@LocalServerPort
	int port;

	@Autowired
	ConfigurableApplicationContext context;

	ApiClient api;

	@BeforeAll
	static void startSshd() {
		String suffix = UUID.randomUUID().toString().substring(0, 6);
		environment = "health-" + suffix;
		web = environment + "-web";
	}

	@BeforeEach
	void setUp() {
		api = new ApiClient(port, IntegrationTest.ADMIN_TOKEN);
		if (webId != null) {
			return;
		}
		listener = event -> completed.add(event.getPayload());
		context.addApplicationListener(listener);
		assertThat(api.post("/api/v1/environments", Map.of("name", environment, "kind", "staging", "cloudProvider",
				"aws", "region", "eu-central-1")).status()).isEqualTo(201);
		Map<String, Object> credential = new LinkedHashMap<>();
		credential.put("name", environment + "-key");
		credential.put("type", "ssh-key");
		credential.put("privateKey", sshd.server().clientPrivateKey());
		String credentialId = api.post("/api/v1/credentials", credential).json().path("id").asString();
		webId = server(web, sshd.server().host(), sshd.server().port(), credentialId);
		goneId = server(environment + "-gone", "127.0.0.91", closedPort("127.0.0.91"), credentialId);
	}

	@AfterAll
	static void removeListener(@Autowired ConfigurableApplicationContext context) {
		if (listener != null) {
			context.removeApplicationListener(listener);
		}
	}

	private String server(String name, String host, int port, String credentialId) {
		Map<String, Object> server = new LinkedHashMap<>();
		server.put("name", name);
		server.put("host", host);
		server.put("port", port);
		server.put("username", sshd.server().username());
		server.put("environment", environment);
		server.put("credentialId", credentialId);
		server.put("hostKeyPolicy", "strict");
		server.put("hostKeyFingerprint", sshd.server().hostKeyFingerprint());
		ApiClient.Response saved = api.post("/api/v1/servers", server);
		assertThat(saved.status()).as(saved.body()).isEqualTo(201);
		return saved.json().path("id").asString();
	}

	@Test
	@Order(1)
	void thresholdsStartAtTheSeedDefaultsAndBadOnesAreRefusedNamingTheField() {
		JsonNode defaults = api.get("/api/v1/environments/" + environment + "/health-thresholds").json();
		assertThat(defaults.path("diskWarnPercent").asDouble()).isEqualTo(80.0);
		assertThat(defaults.path("diskCriticalPercent").asDouble()).isEqualTo(90.0);
		assertThat(defaults.path("updatedBy").isNull()).isTrue();

		ApiClient.Response inverted = api.put("/api/v1/environments/" + environment + "/health-thresholds",
				thresholds(95, 90));
		assertThat(inverted.status()).isEqualTo(400);
		assertThat(inverted.header("Content-Type")).startsWith("application/problem+json");
		assertThat(inverted.json().path("errors").get(0).path("field").asString()).isEqualTo("diskWarnPercent");
		assertThat(inverted.json().path("errors").get(0).path("message").asString()).contains("diskCriticalPercent");

		Map<String, Object> missing = thresholds(80, 90);
		missing.remove("memoryWarnPercent");
		ApiClient.Response incomplete = api.put("/api/v1/environments/" + environment + "/health-thresholds", missing);
		assertThat(incomplete.status()).isEqualTo(400);
		assertThat(incomplete.body()).contains("memoryWarnPercent");
		ApiClient.Response outOfRange = api.put("/api/v1/environments/" + environment + "/health-thresholds",
				thresholds(80, 190));
		assertThat(outOfRange.status()).isEqualTo(400);
		assertThat(outOfRange.json().path("errors").get(0).path("field").asString()).isEqualTo("diskCriticalPercent");

		assertThat(api.get("/api/v1/environments/no-such-env/health-thresholds").status()).isEqualTo(404);
		assertThat(api.get("/api/v1/health?environment=no-such-env").status()).isEqualTo(404);
		assertThat(api.post("/api/v1/servers/" + UUID.randomUUID() + "/health-check", Map.of()).status()).isEqualTo(404);
		// nothing was stored by the refused requests
		assertThat(api.get("/api/v1/environments/" + environment + "/health-thresholds").json()
			.path("diskWarnPercent").asDouble()).isEqualTo(80.0);
	}

	@Test
	@Order(2)
	void aDiskWarningThresholdBelowTheRealUseMakesTheDiskAWarningAndTheDownServerUnknown() {
		// the real disk is at least 1 % used and below 100 %: warning, not critical
		ApiClient.Response saved = api.put("/api/v1/environments/" + environment + "/health-thresholds",
				thresholds(1, 100));
		assertThat(saved.status()).as(saved.body()).isEqualTo(200);
		assertThat(saved.json().path("updatedBy").asString()).startsWith("token:");

		ApiClient.Response started = api.post("/api/v1/environments/" + environment + "/health-check", Map.of());
		assertThat(started.status()).as(started.body()).isEqualTo(202);
		warningRun = started.json().path("runId").asString();
		assertThat(started.header("Location")).isEqualTo("/api/v1/runs/" + warningRun);
		JsonNode run = api.get("/api/v1/runs/" + warningRun).json();
		assertThat(run.path("label").asString()).isEqualTo("Health check");
		assertThat(run.path("parameters").path("extraVars").path("health_disk_warn_percent").asDouble()).isEqualTo(1.0);
		assertThat(run.path("parameters").path("extraVars").path("health_disk_crit_percent").asDouble()).isEqualTo(100.0);

		JsonNode latest = awaitResult(webId, warningRun);
		assertThat(latest.path("checks").path("disk").path("status").asString()).as(latest.toString()).isEqualTo("WARNING");
		assertThat(latest.path("checks").path("disk").path("detail").asString()).contains("% used").contains("warning at 1 %");
		assertThat(latest.path("checks").path("memory").path("detail").asString()).contains("% used");
		assertThat(latest.path("checks").path("load").path("detail").asString()).contains("per CPU");
		assertThat(latest.path("checks").path("ports").path("detail").asString())
			.as("the sshd the check came through listens").contains(Integer.toString(sshd.server().port()));
		assertThat(latest.path("checks").properties().stream().map(Map.Entry::getKey).toList())
			.containsExactly("docker", "containers", "disk", "memory", "load", "ports", "firewall");
		assertThat(HealthStatus.valueOf(latest.path("status").asString())).isGreaterThanOrEqualTo(HealthStatus.WARNING);
		assertThat(latest.path("reasons").toString()).contains("disk: ");

		JsonNode gone = awaitResult(goneId, warningRun);
		assertThat(gone.path("status").asString()).isEqualTo("UNKNOWN");
		assertThat(gone.path("checks").valueStream().map(c -> c.path("status").asString())).containsOnly("UNKNOWN");
		assertThat(gone.path("reasons").get(0).asString()).contains("unreachable");

		// one event per stored server, after the commit
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(events(warningRun)).hasSize(2));
		HealthCheckCompleted webEvent = events(warningRun).stream().filter(e -> e.server().equals(web)).findFirst().get();
		assertThat(webEvent.environment()).isEqualTo(environment);
		assertThat(webEvent.previous()).isNull();
		assertThat(webEvent.status().name()).isEqualTo(latest.path("status").asString());
	}

	@Test
	@Order(3)
	void aCriticalThresholdBelowTheRealUseMakesItCriticalAndTheHistoryKeepsBoth() {
		assertThat(api.put("/api/v1/environments/" + environment + "/health-thresholds", thresholds(1, 1.5)).status())
			.isEqualTo(200);
		ApiClient.Response started = api.post("/api/v1/servers/" + webId + "/health-check", null);
		assertThat(started.status()).as(started.body()).isEqualTo(202);
		criticalRun = started.json().path("runId").asString();

		JsonNode latest = awaitResult(webId, criticalRun);
		assertThat(latest.path("status").asString()).isEqualTo("CRITICAL");
		assertThat(latest.path("checks").path("disk").path("status").asString()).isEqualTo("CRITICAL");
		assertThat(latest.path("checks").path("disk").path("detail").asString()).contains("critical at 1.5 %");
		JsonNode run = api.get("/api/v1/runs/" + criticalRun).json();
		assertThat(run.path("status").asString()).as("a critical host does not fail the run unless asked")
			.isEqualTo("SUCCEEDED");
		assertThat(run.path("label").asString()).isEqualTo("Health check (" + web + ")");

		JsonNode history = api.get("/api/v1/servers/" + webId + "/health").json();
		assertThat(history.path("server").asString()).isEqualTo(web);
		assertThat(history.path("results").valueStream().map(r -> r.path("runId").asString()))
			.containsExactly(criticalRun, warningRun);
		assertThat(api.get("/api/v1/servers/" + webId + "/health?limit=1").json().path("results")).hasSize(1);
		assertThat(api.get("/api/v1/servers/" + webId + "/health?limit=0").status()).isEqualTo(400);
		// the limited run did not touch the other server
		assertThat(api.get("/api/v1/servers/" + goneId + "/health").json().path("results")).hasSize(1);

		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(events(criticalRun)).hasSize(1));
		assertThat(events(criticalRun).get(0).previous()).isNotNull();
		assertThat(events(criticalRun).get(0).status()).isEqualTo(HealthStatus.CRITICAL);
		assertThat(events(criticalRun).get(0).reasons()).anyMatch(r -> r.startsWith("disk: "));
	}

	@Test
	@Order(4)
	void theGridShowsTheLatestPerServerAndCheckAndTheGaugeExportsIt() {
		JsonNode grid = api.get("/api/v1/health?environment=" + environment).json();
		assertThat(grid.path("checks").valueStream().map(JsonNode::asString))
			.containsExactly("docker", "containers", "disk", "memory", "load", "ports", "firewall");
		assertThat(grid.path("servers").valueStream().map(s -> s.path("server").asString()))
			.containsExactly(environment + "-gone", web);
		JsonNode webRow = grid.path("servers").get(1);
		assertThat(webRow.path("status").asString()).isEqualTo("CRITICAL");
		assertThat(webRow.path("runId").asString()).isEqualTo(criticalRun);
		assertThat(webRow.path("checks").path("disk").path("status").asString()).isEqualTo("CRITICAL");
		assertThat(grid.path("servers").get(0).path("status").asString()).isEqualTo("UNKNOWN");
		// every environment: this one's servers are among them
		assertThat(api.get("/api/v1/health").json().path("servers").valueStream().map(s -> s.path("server").asString()))
			.contains(web);

		String labels = "check=\"disk\",environment=\"" + environment + "\",server=\"" + web + "\"";
		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(api.get("/actuator/prometheus").body())
			.containsPattern("opsdeck_health_check_status\\{" + Pattern.quote(labels) + "\\} 2(\\.0)?\\n"));
	}

	@Test
	@Order(5)
	void theHealthPageShowsTheGridAndSavesThresholdsFromItsForm() {
		assumeTrue(Browser.chromiumInstalled(), "needs chromium and chromium-driver");
		Path images = DocsOutput.directory("images");
		Duration page = Duration.ofSeconds(20);
		try (Browser browser = Browser.start(port)) {
			browser.consoleProblems();
			browser.openAsAdmin("/health?environment=" + environment, IntegrationTest.ADMIN_PASSWORD, page);
			By disk = By.cssSelector("tr[data-server='" + web + "'] td[data-check='disk']");
			assertThat(browser.find(disk).getDomAttribute("data-status")).isEqualTo("CRITICAL");
			assertThat(browser.find(disk).getText()).contains("critical at 1.5 %");
			assertThat(browser.find(By.cssSelector("tr[data-server='" + environment + "-gone']")).getDomAttribute("data-status"))
				.isEqualTo("UNKNOWN");
			assertThat(browser.find(Browser.testId("check-" + web)).isDisplayed()).isTrue();

			// the thresholds form: back to the seed's disk thresholds
			browser.find(By.id("diskWarnPercent")).clear();
			browser.find(By.id("diskWarnPercent")).sendKeys("80");
			browser.find(By.id("diskCriticalPercent")).clear();
			browser.find(By.id("diskCriticalPercent")).sendKeys("90");
			browser.clickAndWaitForNewPage(browser.find(Browser.testId("save-thresholds")), page);
			assertThat(browser.find(By.cssSelector(".alert-success")).getText()).contains("Thresholds of " + environment);
			assertThat(api.get("/api/v1/environments/" + environment + "/health-thresholds").json()
				.path("diskCriticalPercent").asDouble()).isEqualTo(90.0);
			browser.screenshot(images.resolve("health.png"));

			browser.open("/servers/" + webId + "/health");
			assertThat(browser.findAll(By.cssSelector("[data-testid='health-history'] tbody tr"))).hasSize(2);
			assertThat(browser.find(By.cssSelector("tr[data-run='" + criticalRun + "'] td[data-check='disk']"))
				.getDomAttribute("data-status")).isEqualTo("CRITICAL");
			assertThat(browser.find(By.cssSelector("tr[data-run='" + warningRun + "'] td[data-check='disk']"))
				.getDomAttribute("data-status")).isEqualTo("WARNING");

			browser.open("/");
			browser.await(page, ExpectedConditions.presenceOfElementLocated(Browser.testId("health-summary")));
			assertThat(browser.find(By.cssSelector("[data-testid='health-summary'] tr[data-server='" + web + "']"))
				.getDomAttribute("data-status")).isEqualTo("CRITICAL");
			assertThat(browser.find(By.cssSelector("nav a[href='/health']")).getText()).isEqualTo("Health");
			assertThat(browser.consoleProblems()).as("console errors and CSP violations").isEmpty();
		}
	}

	private JsonNode awaitResult(String serverId, String runId) {
		await().atMost(RUN).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> assertThat(api
			.get("/api/v1/servers/" + serverId + "/health")
			.json()
			.path("results")
			.valueStream()
			.anyMatch(r -> r.path("runId").asString().equals(runId)))
			.as(() -> "result of run " + api.get("/api/v1/runs/" + runId).body())
			.isTrue());
		return api.get("/api/v1/servers/" + serverId + "/health").json().path("results").get(0);
	}

	private static List<HealthCheckCompleted> events(String runId) {
		synchronized (completed) {
			return completed.stream().filter(e -> e.runId().toString().equals(runId)).toList();
		}
	}

	private static Map<String, Object> thresholds(double diskWarn, double diskCritical) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("diskWarnPercent", diskWarn);
		body.put("diskCriticalPercent", diskCritical);
		body.put("memoryWarnPercent", 99.9);
		body.put("loadWarnPerCpu", 50);
		body.put("loadCriticalPerCpu", 100);
		return body;
	}

	private static int closedPort(String address) {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(address))) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
