package io.opsdeck.provisioning;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.opsdeck.support.ApiClient;
import io.opsdeck.support.Browser;
import io.opsdeck.support.DocsOutput;
import io.opsdeck.support.IntegrationTest;
import io.opsdeck.support.ProvisioningTestHost;
import io.opsdeck.support.SshKeygen;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Provisioning end to end on real parts: the application, the real {@code ansible/playbooks/provision.yml} and a
 * disposable Debian bookworm host made by the test ({@link ProvisioningTestHost} index 7: its own network namespace,
 * sshd chrooted into an overlay). The settings and secrets go in through the API, the real run starts from the
 * server page's Provision form (tags {@code common} and {@code security}, which run for real on that host), the
 * check-mode run through the API ({@code security}, already applied, and {@code monitoring}, not yet: the host has
 * no network but the test's, so {@code docker}, which fetches Docker's signing key even in check mode, is left to
 * the roles' own tests with their local mirror). Asserts that the secret reaches the host
 * but never the output or the API, that the variables are the settings, and that the tag recap appears on the
 * server page; writes docs/images/provisioning-server.png.
 */
@IntegrationTest
class ProvisioningEndToEndTests {

	private static final Duration RUN = Duration.ofMinutes(15);

	private static final Duration PAGE = Duration.ofSeconds(20);

	@LocalServerPort
	int port;

	@TempDir
	Path temp;

	ProvisioningTestHost host;

	@AfterEach
	void stopHost() {
		if (host != null) {
			host.close();
		}
	}

	@Test
	void provisionsADisposableHostFromTheServerPageAndTheApi() throws Exception {
		assumeTrue(ProvisioningTestHost.isAvailable(), "needs root, debootstrap, apt-utils, iproute2 and sshd");
		assumeTrue(Browser.chromiumInstalled(), "needs chromium and chromium-driver");
		host = ProvisioningTestHost.start(7, temp.resolve("h7"));
		ApiClient api = new ApiClient(port, IntegrationTest.ADMIN_TOKEN);
		String suffix = UUID.randomUUID().toString().substring(0, 6);
		String dbPassword = "Db-" + UUID.randomUUID();
		SshKeygen.Key deployKey = SshKeygen.generate(temp, "deploy", "ed25519", 0, null, "");

		String keyId = id(api.post("/api/v1/credentials", Map.of("name", "e2e-root-" + suffix, "type", "ssh-key",
				"privateKey", Files.readString(host.clientKey()))));
		String secretId = id(api.post("/api/v1/credentials",
				Map.of("name", "e2e-db-" + suffix, "type", "secret", "value", dbPassword)));
		String environment = "e2e-stg-" + suffix;
		assertThat(api.post("/api/v1/environments",
				Map.of("name", environment, "kind", "staging", "cloudProvider", "aws", "region", "eu-west-1"))
			.status()).isEqualTo(201);
		Map<String, Object> server = new LinkedHashMap<>();
		server.put("name", "web-" + suffix);
		server.put("host", host.address());
		server.put("username", "root");
		server.put("environment", environment);
		server.put("credentialId", keyId);
		server.put("hostKeyPolicy", "trust-on-first-use");
		server.put("roles", List.of("web", "app"));
		String serverId = id(api.post("/api/v1/servers", server));
		Map<String, Object> settings = new LinkedHashMap<>();
		settings.put("domainName", "app.example.test");
		settings.put("sslEmail", "ops@example.test");
		settings.put("githubActionsSshKey", deployKey.publicKey() + " github-actions");
		settings.put("dbPasswordCredentialId", secretId);
		ApiClient.Response saved = api.put("/api/v1/environments/" + environment + "/provisioning-settings", settings);
		assertThat(saved.status()).as(saved.body()).isEqualTo(200);

		Path images = DocsOutput.directory("images");
		try (Browser browser = Browser.start(port)) {
			// the real run: from the server page
			browser.openAsAdmin("/servers/" + serverId + "/provisioning", IntegrationTest.ADMIN_PASSWORD, PAGE);
			assertThat(browser.find(By.cssSelector("[data-testid='last-provision']")).getText())
				.contains("Never provisioned");
			// Opsdeck logs in as root here: the page says root keeps key-only login instead of being locked out
			assertThat(browser.find(Browser.testId("root-login-note")).getText())
				.contains("PermitRootLogin prohibit-password");
			browser.click(browser.find(Browser.testId("tag-common")));
			browser.click(browser.find(Browser.testId("tag-security")));
			browser.click(browser.find(Browser.testId("provision")));
			browser.await(PAGE, ExpectedConditions.alertIsPresent()).accept();
			browser.await(PAGE, driver -> browser.currentPath().startsWith("/runs/"));
			String realRun = browser.currentPath().substring("/runs/".length());

			JsonNode run = awaitRun(api, realRun);
			String log = api.get("/api/v1/runs/" + realRun + "/log").body();
			assertThat(run.path("status").asString()).as(log).isEqualTo("SUCCEEDED");
			assertThat(run.path("label").asString()).isEqualTo("Provision web-" + suffix + " (common, security)");
			assertThat(log).doesNotContain(dbPassword);
			assertThat(run.toString()).doesNotContain(dbPassword);
			assertThat(run.path("parameters").toString()).contains("db_password").contains("app.example.test");
			// root login stays possible with a key only, so the next run can still log in
			assertThat(run.path("parameters").toString()).contains("ssh_permit_root_login");
			assertThat(host.exec("/usr/sbin/sshd", "-T", "-f", "/etc/ssh/sshd_config"))
				.contains("permitrootlogin without-password", "passwordauthentication no");
			// the variables are the settings: the .env and the deploy key on the host say so
			String env = Files.readString(host.root().resolve("home/django/django_app/.env"));
			assertThat(env).contains("DJANGO_ENV=staging").contains("DOMAIN_NAME=app.example.test")
				.contains("DB_PASSWORD=" + dbPassword);
			assertThat(Files.readString(host.root().resolve("home/django/.ssh/authorized_keys")))
				.contains(deployKey.publicKey());

			// check mode through the API: nothing would change in security any more
			ApiClient.Response check = api.post("/api/v1/servers/" + serverId + "/provision",
					Map.of("tags", List.of("security", "monitoring"), "check", true));
			assertThat(check.status()).as(check.body()).isEqualTo(202);
			String checkRun = check.json().path("id").asString();
			JsonNode checked = awaitRun(api, checkRun);
			String checkLog = api.get("/api/v1/runs/" + checkRun + "/log").body();
			assertThat(checked.path("status").asString()).as(checkLog).isEqualTo("SUCCEEDED");
			assertThat(checkLog).doesNotContain(dbPassword);

			JsonNode state = awaitRecap(api, serverId, checkRun);
			assertThat(state.toString()).doesNotContain(dbPassword);
			Map<String, JsonNode> tags = new LinkedHashMap<>();
			state.path("tags").forEach(tag -> tags.put(tag.path("tag").asString(), tag));
			assertThat(tags.get("common").path("runId").asString()).isEqualTo(realRun);
			assertThat(tags.get("common").path("changed").asInt()).isPositive();
			assertThat(tags.get("security").path("check").asBoolean()).isTrue();
			assertThat(tags.get("security").path("changed").asInt()).as(checkLog).isZero();
			assertThat(tags.get("monitoring").path("runId").asString()).isEqualTo(checkRun);
			assertThat(tags.get("monitoring").path("changed").asInt()).as("would change").isPositive();
			assertThat(host.root().resolve("etc/systemd/system/node_exporter.service")).as("check mode changes nothing")
				.doesNotExist();

			// the server page shows the last run, the roles and what each tag last changed
			browser.open("/servers/" + serverId + "/provisioning");
			assertThat(browser.find(Browser.testId("last-provision-mode")).getText()).isEqualTo("check mode");
			assertThat(browser.find(Browser.testId("last-provision-status")).getText()).isEqualTo("SUCCEEDED");
			assertThat(browser.find(Browser.testId("last-provision-by")).getText()).contains("token:bootstrap");
			assertThat(browser.find(Browser.testId("server-roles")).getText()).contains("web").contains("app");
			WebElement common = browser.find(By.cssSelector("tr[data-tag='common']"));
			assertThat(common.findElement(By.cssSelector("[data-testid='tag-changed']")).getText())
				.isEqualTo(String.valueOf(tags.get("common").path("changed").asInt()));
			assertThat(common.findElement(By.cssSelector("[data-testid='tag-changed-tasks']")).getText())
				.contains(tags.get("common").path("changedTasks").get(0).asString());
			assertThat(browser.findAll(By.cssSelector("tr[data-tag='monitoring'] .badge")).get(0).getText())
				.isEqualTo("check");
			assertThat(browser.driver().getPageSource()).doesNotContain(dbPassword);
			browser.screenshot(images.resolve("provisioning-server.png"));
			assertThat(browser.consoleProblems()).isEmpty();
		}
	}

	private static JsonNode awaitRun(ApiClient api, String runId) {
		JsonNode[] run = new JsonNode[1];
		await().atMost(RUN).pollInterval(Duration.ofSeconds(1)).until(() -> {
			run[0] = api.get("/api/v1/runs/" + runId).json();
			return !List.of("QUEUED", "RUNNING").contains(run[0].path("status").asString());
		});
		return run[0];
	}

	private static JsonNode awaitRecap(ApiClient api, String serverId, String runId) {
		JsonNode[] state = new JsonNode[1];
		await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> {
			state[0] = api.get("/api/v1/servers/" + serverId + "/provisioning").json();
			return state[0].path("tags").valueStream().anyMatch(tag -> tag.path("runId").asString().equals(runId));
		});
		return state[0];
	}

	private static String id(ApiClient.Response response) {
		assertThat(response.status()).as(response.body()).isEqualTo(201);
		return response.json().path("id").asString();
	}

}
