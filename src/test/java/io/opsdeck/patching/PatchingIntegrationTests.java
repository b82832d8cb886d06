package io.opsdeck.patching;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.opsdeck.identity.Actor;
import io.opsdeck.identity.Role;
import io.opsdeck.shared.InvalidInputException;
import io.opsdeck.support.ApiClient;
import io.opsdeck.support.Browser;
import io.opsdeck.support.DocsOutput;
import io.opsdeck.support.IntegrationTest;
import io.opsdeck.support.Scripts;
import io.opsdeck.support.SshdExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Security updates end to end on real parts: the application on its embedded PostgreSQL, a real OpenSSH sshd on
 * 127.0.0.50 whose "server" is this machine, and the real {@code security-updates.yml} run by the real
 * {@code ansible-playbook} in check mode (nothing is upgraded; {@code apt-get -s} needs no fresh lists). The stored
 * compliance is compared with what {@code apt-get -s dist-upgrade} says on this machine.
 */
@IntegrationTest
class PatchingIntegrationTests {

	private static final Duration PLAYBOOK = Duration.ofMinutes(5);

	private static final Duration PAGE = Duration.ofSeconds(15);

	@RegisterExtension
	static final SshdExtension sshd = SshdExtension.on("127.0.0.50").skippedWithoutSshd();

	private static String staging;

	private static String production;

	private static String development;

	private static String credentialId;

	/** The staging server's compliance after the first check run (made once, shared by the tests). */
	private static JsonNode checked;

	private static String checkRunId;

	@LocalServerPort
	int port;

	@Autowired
	Patching patching;

	ApiClient api;

	@BeforeAll
	static void startSshd() {
		assumeTrue(Path.of("/usr/bin/apt-get").toFile().canExecute(), "needs a Debian or Ubuntu machine (apt)");
		String suffix = UUID.randomUUID().toString().substring(0, 6);
		staging = "patch-stg-" + suffix;
		production = "patch-prd-" + suffix;
		development = "patch-dev-" + suffix;
	}

	@BeforeEach
	void setUp() {
		api = new ApiClient(port, IntegrationTest.ADMIN_TOKEN);
		if (credentialId == null) {
			Map<String, Object> credential = new LinkedHashMap<>();
			credential.put("name", staging + "-key");
			credential.put("type", "ssh-key");
			credential.put("privateKey", sshd.server().clientPrivateKey());
			credentialId = api.post("/api/v1/credentials", credential).json().path("id").asString();
			register(staging, "staging");
			register(production, "production");
			register(development, "development");
		}
	}

	private void register(String environment, String kind) {
		ApiClient.Response created = api.post("/api/v1/environments",
				Map.of("name", environment, "kind", kind, "cloudProvider", "aws", "region", "eu-central-1"));
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		Map<String, Object> server = new LinkedHashMap<>();
		server.put("name", environment + "-web");
		server.put("host", sshd.server().host());
		server.put("port", sshd.server().port());
		server.put("username", sshd.server().username());
		server.put("environment", environment);
		server.put("credentialId", credentialId);
		server.put("hostKeyPolicy", "strict");
		server.put("hostKeyFingerprint", sshd.server().hostKeyFingerprint());
		ApiClient.Response saved = api.post("/api/v1/servers", server);
		assertThat(saved.status()).as(saved.body()).isEqualTo(201);
	}

	@Test
	void aCheckRunStoresThePendingUpdatesAptReportsOnThisMachine() throws Exception {
		JsonNode server = checkedServer();

		JsonNode compliance = api.get("/api/v1/environments/" + staging + "/patch-compliance").json();
		assertThat(compliance.path("environment").asString()).isEqualTo(staging);
		assertThat(compliance.path("unknown").asInt()).isZero();
		assertThat(compliance.path("compliant").asInt() + compliance.path("nonCompliant").asInt()
				+ compliance.path("pendingReboot").asInt()).isEqualTo(1);
		assertThat(server.path("server").asString()).isEqualTo(staging + "-web");
		assertThat(server.path("lastRunId").asString()).isEqualTo(checkRunId);
		// a dry run is not an update
		assertThat(server.path("lastUpdateRunId").isNull()).isTrue();
		assertThat(server.path("lastCheckedAt").isString()).isTrue();
		assertThat(server.path("lastError").isNull()).as(server.toString()).isTrue();

		// what apt itself says on this machine now (the run refreshed the lists just before)
		Pending apt = aptPending();
		assertThat(server.path("pendingSecurityUpdates").asInt() + server.path("pendingOtherUpdates").asInt())
			.as("pending updates against apt-get -s dist-upgrade: %s", apt)
			.isEqualTo(apt.total());
		assertThat(server.path("pendingSecurityUpdates").asInt()).isEqualTo(apt.security());
		String expected = (apt.security() > 0) ? "NON_COMPLIANT"
				: server.path("rebootRequired").asBoolean() ? "PENDING_REBOOT" : "COMPLIANT";
		assertThat(server.path("status").asString()).isEqualTo(expected);
		assertThat(server.path("compliant").asBoolean()).isEqualTo(expected.equals("COMPLIANT"));
		assertThat(server.path("runningKernel").asString()).isEqualTo(uname());

		// nothing was upgraded: the history stays empty
		JsonNode history = api.get("/api/v1/servers/" + server.path("serverId").asString() + "/patch-history").json();
		assertThat(history.path("totalItems").asLong()).isZero();
		assertThat(api.get("/api/v1/servers/" + UUID.randomUUID() + "/patch-history").status()).isEqualTo(404);

		// the run is labelled and exclusive, in check mode, with the contract's extra vars
		JsonNode run = api.get("/api/v1/runs/" + checkRunId).json();
		assertThat(run.path("label").asString()).isEqualTo("Security update (security, check mode)");
		assertThat(run.path("parameters").path("extraVars").path("patch_mode").asString()).isEqualTo("security");
	}

	@Test
	void theGaugesAppearOnThePrometheusEndpoint() {
		JsonNode server = checkedServer();
		String labels = "server=\"" + staging + "-web\"";

		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
			String scrape = api.get("/actuator/prometheus").body();
			assertThat(scrape).containsPattern("opsdeck_patch_pending_security_updates\\{[^}]*" + Pattern.quote(labels)
					+ "[^}]*\\} " + server.path("pendingSecurityUpdates").asInt() + "(\\.0)?\\n");
			assertThat(scrape).containsPattern("opsdeck_reboot_required\\{[^}]*" + Pattern.quote(labels) + "[^}]*\\} "
					+ (server.path("rebootRequired").asBoolean() ? "1" : "0") + "(\\.0)?\\n");
		});
	}

	@Test
	void theEnvironmentPolicyDecidesWhoMayUpdate() {
		// development: no automatic updates
		Actor schedule = new Actor(Actor.Kind.SCHEDULE, "monthly security", Role.OPERATOR);
		assertThatThrownBy(() -> patching.launch(development, PatchRequest.of(PatchMode.SECURITY), schedule))
			.isInstanceOfSatisfying(InvalidInputException.class, ex -> assertThat(ex.field()).isEqualTo("environment"));

		// production: an operator is refused, an admin may
		String operator = api.post("/api/v1/tokens", Map.of("name", production + "-operator", "role", "OPERATOR"))
			.json()
			.path("token")
			.asString();
		ApiClient.Response refused = api.withToken(operator)
			.post("/api/v1/environments/" + production + "/security-updates", Map.of("mode", "security", "check", true));
		assertThat(refused.status()).as(refused.body()).isEqualTo(403);
		assertThat(refused.json().path("detail").asString()).contains("production").contains("admin");

		ApiClient.Response allowed = api.post("/api/v1/environments/" + production + "/security-updates",
				Map.of("mode", "full", "check", true));
		assertThat(allowed.status()).as(allowed.body()).isEqualTo(201);
		String runId = allowed.json().path("runId").asString();
		assertThat(allowed.header("Location")).isEqualTo("/api/v1/runs/" + runId);
		JsonNode server = awaitChecked(production, runId);
		assertThat(server.path("status").asString()).isIn("COMPLIANT", "NON_COMPLIANT", "PENDING_REBOOT");
	}

	@Test
	void badRequestsGet400ProblemDetailsNamingTheField() {
		String path = "/api/v1/environments/" + staging + "/security-updates";

		ApiClient.Response badPackage = api.post(path, Map.of("mode", "critical", "packages", List.of("openssl", "Bad;rm -rf /")));
		assertThat(badPackage.status()).isEqualTo(400);
		assertThat(badPackage.json().path("errors").findValuesAsString("field")).contains("packages[1]");

		ApiClient.Response badCve = api.post(path, Map.of("mode", "critical", "cves", List.of("CVE-24-1")));
		assertThat(badCve.status()).isEqualTo(400);
		assertThat(badCve.json().path("errors").findValuesAsString("field")).contains("cves[0]");

		ApiClient.Response emptyCritical = api.post(path, Map.of("mode", "critical"));
		assertThat(emptyCritical.status()).isEqualTo(400);
		assertThat(emptyCritical.json().path("detail").asString()).contains("at least one package or CVE");

		assertThat(api.post(path, Map.of("mode", "everything")).status()).isEqualTo(400);
		assertThat(api.post(path, Map.of("check", true)).status()).isEqualTo(400);
		assertThat(api.post("/api/v1/environments/nowhere/security-updates", Map.of("mode", "security")).status())
			.isEqualTo(404);
		assertThat(api.get("/api/v1/environments/nowhere/patch-compliance").status()).isEqualTo(404);
		String viewer = api.post("/api/v1/tokens", Map.of("name", staging + "-viewer", "role", "VIEWER"))
			.json()
			.path("token")
			.asString();
		assertThat(api.withToken(viewer).post(path, Map.of("mode", "security")).status()).isEqualTo(403);
		assertThat(api.withToken(viewer).get("/api/v1/environments/" + staging + "/patch-compliance").status())
			.isEqualTo(200);
	}

	/**
	 * {@code {"mode":"security","packages":["openssl"]}} started a run that applied every pending security update:
	 * the packages (and CVE ids) of a non-critical update were silently ignored, while the caller asked for one
	 * package. Schedules already refused it ("packages and cves are only for critical mode"); the API and the page now
	 * do too (found in round 14's new-user pass).
	 */
	@Test
	void packagesOrCvesOfAnUpdateThatIsNotCriticalAreRefusedNotIgnored() {
		String path = "/api/v1/environments/" + staging + "/security-updates";

		ApiClient.Response packages = api.post(path, Map.of("mode", "security", "packages", List.of("openssl"),
				"check", true));
		assertThat(packages.status()).as(packages.toString()).isEqualTo(400);
		assertThat(packages.json().path("errors").findValuesAsString("field")).containsExactly("packages");
		assertThat(packages.json().path("detail").asString()).contains("only for critical");

		ApiClient.Response cves = api.post(path, Map.of("mode", "full", "cves", List.of("CVE-2024-12345"),
				"check", true));
		assertThat(cves.status()).as(cves.toString()).isEqualTo(400);
		assertThat(cves.json().path("errors").findValuesAsString("field")).containsExactly("cves");
	}

	@Test
	void theOpenApiDocumentCoversThePatchingEndpoints() {
		JsonNode paths = api.get("/v3/api-docs").json().path("paths");

		assertThat(paths.has("/api/v1/environments/{name}/security-updates")).isTrue();
		assertThat(paths.has("/api/v1/environments/{name}/patch-compliance")).isTrue();
		assertThat(paths.has("/api/v1/servers/{id}/patch-history")).isTrue();
	}

	@Test
	void theScriptRunsAnUpdateThroughTheApiAndExitsWithItsOutcome() throws Exception {
		checkedServer(); // the environment is idle

		Scripts.Result ok = script("aws", staging, "--mode", "security", "--check", "--quiet");
		assertThat(ok.exitCode()).as(ok.output()).isZero();
		assertThat(ok.output()).contains("==> Security update").contains("==> SUCCEEDED")
			.contains(staging + "-web").doesNotContain("OPSDECK-EVENT");

		Scripts.Result wrongCloud = script("digitalocean", staging);
		assertThat(wrongCloud.exitCode()).isEqualTo(2);
		assertThat(wrongCloud.output()).contains("runs on aws, not digitalocean");
		Scripts.Result badMode = script("aws", staging, "--mode", "everything");
		assertThat(badMode.exitCode()).isEqualTo(2);
		Scripts.Result badCve = script("aws", staging, "--mode", "critical", "--cve", "CVE-1");
		assertThat(badCve.exitCode()).as(badCve.output()).isEqualTo(2);
		assertThat(badCve.output()).contains("cves[0]");
	}

	@Test
	@Tag("browser")
	void thePatchingPageShowsComplianceAndRunsAnUpdateFromTheForm() {
		assumeTrue(Browser.chromiumInstalled(), "needs chromium and chromium-driver");
		checkedServer();
		Path images = DocsOutput.directory("images");
		try (Browser browser = Browser.start(port)) {
			browser.consoleProblems();
			browser.openAsAdmin("/environments/" + staging + "/patching", IntegrationTest.ADMIN_PASSWORD, PAGE);
			assertThat(browser.find(Browser.testId("count-unknown")).getText()).isEqualTo("0");
			assertThat(browser.find(By.cssSelector("tr[data-server='" + staging + "-web']")).getDomAttribute("data-status"))
				.isEqualTo(checked.path("status").asString());
			assertThat(browser.find(Browser.testId("pending-security")).getText())
				.isEqualTo(Integer.toString(checked.path("pendingSecurityUpdates").asInt()));

			// an invalid critical request comes back as the same form, the message under its field, nothing starts
			new Select(browser.find(By.id("mode"))).selectByValue("critical");
			browser.click(browser.find(Browser.testId("run-update")));
			browser.await(PAGE, ExpectedConditions.alertIsPresent()).accept();
			browser.await(PAGE, ExpectedConditions.textToBePresentInElementLocated(
					By.cssSelector("[data-field-error='packages']"), "at least one package or CVE"));
			assertThat(new Select(browser.find(By.id("mode"))).getFirstSelectedOption().getDomAttribute("value"))
				.isEqualTo("critical");

			new Select(browser.find(By.id("mode"))).selectByValue("security");
			browser.find(By.id("check")).click();
			browser.click(browser.find(Browser.testId("run-update")));
			browser.await(PAGE, ExpectedConditions.alertIsPresent()).accept();
			browser.await(PAGE, ExpectedConditions.urlMatches("/runs/[0-9a-f-]{36}$"));
			String runId = browser.currentPath().substring("/runs/".length());
			browser.await(PLAYBOOK, ExpectedConditions.textToBe(Browser.testId("run-status"), "SUCCEEDED"));
			awaitChecked(staging, runId);

			browser.open("/environments/" + staging + "/patching");
			assertThat(browser.find(Browser.testId("last-check-run")).getDomAttribute("href")).isEqualTo("/runs/" + runId);
			browser.screenshot(images.resolve("patching.png"));
			assertThat(browser.consoleProblems()).as("console errors and CSP violations").isEmpty();
		}
	}

	/** Runs one check-mode update on staging (once per test class) and returns the server's stored compliance. */
	private synchronized JsonNode checkedServer() {
		if (checked == null) {
			ApiClient.Response started = api.post("/api/v1/environments/" + staging + "/security-updates",
					Map.of("mode", "security", "check", true));
			assertThat(started.status()).as(started.body()).isEqualTo(201);
			checkRunId = started.json().path("runId").asString();
			checked = awaitChecked(staging, checkRunId);
		}
		return checked;
	}

	/** Waits for the run to end successfully and for its report to be stored; returns the one server's entry. */
	private JsonNode awaitChecked(String environment, String runId) {
		JsonNode[] run = new JsonNode[1];
		await().atMost(PLAYBOOK).pollInterval(Duration.ofSeconds(1)).until(() -> {
			run[0] = api.get("/api/v1/runs/" + runId).json();
			return !List.of("QUEUED", "RUNNING").contains(run[0].path("status").asString());
		});
		assertThat(run[0].path("status").asString()).as(api.get("/api/v1/runs/" + runId + "/log").body())
			.isEqualTo("SUCCEEDED");
		JsonNode[] server = new JsonNode[1];
		await().atMost(Duration.ofSeconds(30)).until(() -> {
			server[0] = api.get("/api/v1/environments/" + environment + "/patch-compliance").json().path("servers").get(0);
			return server[0].path("lastRunId").asString("").equals(runId);
		});
		return server[0];
	}

	/** Upgrades {@code apt-get -s dist-upgrade} would install, and how many of them come from a security pocket. */
	private record Pending(int total, int security, List<String> lines) {
	}

	private static Pending aptPending() throws IOException, InterruptedException {
		String output = exec("apt-get", "-s", "-o", "Debug::NoLocking=1", "dist-upgrade");
		Pattern upgrade = Pattern.compile("^Inst (\\S+) \\[([^]]+)] \\((\\S+) ([^\\[]*)\\[", Pattern.MULTILINE);
		Matcher matcher = upgrade.matcher(output);
		int total = 0;
		int security = 0;
		List<String> lines = new ArrayList<>();
		while (matcher.find()) {
			total++;
			lines.add(matcher.group(1));
			if (matcher.group(4).contains("-security") || matcher.group(4).contains("Debian-Security")) {
				security++;
			}
		}
		return new Pending(total, security, lines);
	}

	private static String uname() throws IOException, InterruptedException {
		return exec("uname", "-r").strip();
	}

	/** The script with only bash, curl and coreutils on the PATH ({@link Scripts}), against this instance. */
	private Scripts.Result script(String... args) {
		return Scripts.run(port, "security-update.sh", args);
	}

	private static String exec(String... command) throws IOException, InterruptedException {
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		process.waitFor();
		return output;
	}

}
