package io.opsdeck.cloudfirewall.web;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import io.opsdeck.support.ApiClient;
import io.opsdeck.support.Browser;
import io.opsdeck.support.DocsOutput;
import io.opsdeck.support.FakeEc2Server;
import io.opsdeck.support.IntegrationTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The cloud firewall page in headless Chromium against {@link FakeEc2Server} (a local endpoint implementing the EC2
 * calls Opsdeck makes, not AWS): an admin saves the settings, plans (a table of changes), applies after confirming,
 * and plans again (no changes); a wrong key shows the cloud's refusal. Writes the screenshot of
 * docs/cloud-firewall.md.
 */
@IntegrationTest
@Tag("browser")
class CloudFirewallPageIntegrationTests {

	private static final Duration PAGE = Duration.ofSeconds(20);

	private static final String SECRET = "page-test-secret-access-key-0001";

	@LocalServerPort
	int port;

	@Test
	void anAdminConfiguresPlansAndAppliesTheFirewall() {
		assumeTrue(Browser.chromiumInstalled(), "needs chromium and chromium-driver");
		ApiClient api = new ApiClient(port, IntegrationTest.ADMIN_TOKEN);
		String environment = "prod-" + UUID.randomUUID().toString().substring(0, 6);
		assertThat(api.post("/api/v1/environments", Map.of("name", environment, "kind", "production",
				"cloudProvider", "aws", "region", "us-east-1")).status()).isEqualTo(201);
		String credential = api.post("/api/v1/credentials", Map.of("name", environment + "-aws", "type", "secret",
				"value", SECRET)).json().get("id").asString();
		Path images = DocsOutput.directory("images");
		try (FakeEc2Server ec2 = FakeEc2Server.start(); Browser browser = Browser.start(port)) {
			String defaultGroup = ec2.addGroup("default", "vpc-0123abcd");
			ec2.addInstance("i-0a1b2c3d4e5f60001", "vpc-0123abcd", defaultGroup);
			ec2.addInstance("i-0a1b2c3d4e5f60002", "vpc-0123abcd", defaultGroup);
			for (String[] server : new String[][] { { "web-1", "i-0a1b2c3d4e5f60001" },
					{ "web-2", "i-0a1b2c3d4e5f60002" } }) {
				assertThat(api.post("/api/v1/servers", Map.of("name", environment + "-" + server[0], "host",
						"127.0.0.1", "username", "root", "environment", environment, "connection", "local",
						"cloudInstanceId", server[1])).status()).isEqualTo(201);
			}
			browser.openAsAdmin("/environments", IntegrationTest.ADMIN_PASSWORD, PAGE);
			browser.clickAndWaitForNewPage(browser.find(By.cssSelector("tr[data-environment='" + environment
					+ "'] [data-testid='firewall-link']")), PAGE);
			assertThat(browser.currentPath()).isEqualTo("/environments/" + environment + "/firewall");
			assertThat(browser.find(Browser.testId("no-settings")).getText()).contains("secret credential");

			browser.find(By.id("accessKeyId")).sendKeys("AKIAWRONGWRONGWRONG1");
			new Select(browser.find(By.id("credentialId"))).selectByValue(credential);
			browser.find(By.id("endpoint")).sendKeys(ec2.endpoint());
			browser.clickAndWaitForNewPage(browser.find(Browser.testId("save-settings")), PAGE);
			assertThat(browser.find(By.cssSelector(".alert-success")).getText()).contains("Saved");
			browser.clickAndWaitForNewPage(browser.find(Browser.testId("plan")), PAGE);
			assertThat(browser.find(By.cssSelector(".alert-danger")).getText()).startsWith("Plan failed: AWS refused")
				.contains("AuthFailure");

			browser.find(By.id("accessKeyId")).clear();
			browser.find(By.id("accessKeyId")).sendKeys(FakeEc2Server.ACCESS_KEY_ID);
			browser.clickAndWaitForNewPage(browser.find(Browser.testId("save-settings")), PAGE);
			browser.clickAndWaitForNewPage(browser.find(Browser.testId("plan")), PAGE);
			assertThat(browser.findAll(By.cssSelector("[data-testid='changes'] tbody tr"))).hasSize(1 + 6 + 2);
			assertThat(browser.find(Browser.testId("changes")).getText())
				.contains("create security group opsdeck-" + environment + "-web in vpc-0123abcd")
				.contains("allow tcp 443 from ::/0")
				.contains("attach to " + environment + "-web-2 (i-0a1b2c3d4e5f60002)");
			assertThat(ec2.groupsNamed("opsdeck-" + environment + "-web")).isEmpty();
			browser.screenshot(images.resolve("cloud-firewall-plan.png"));

			browser.script("window.__opsdeckOldPage = true;");
			browser.click(browser.find(Browser.testId("apply")));
			browser.await(PAGE, ExpectedConditions.alertIsPresent()).accept();
			browser.await(PAGE, driver -> Boolean.TRUE.equals(browser.script(
					"return window.__opsdeckOldPage === undefined && document.readyState === 'complete';")));
			assertThat(browser.find(Browser.testId("plan-result")).getText()).startsWith("Applied");
			assertThat(browser.findAll(By.cssSelector("[data-testid='changes'] tbody tr"))).hasSize(9);
			assertThat(ec2.groupsNamed("opsdeck-" + environment + "-web")).hasSize(1);

			browser.clickAndWaitForNewPage(browser.find(Browser.testId("plan")), PAGE);
			assertThat(browser.find(Browser.testId("no-changes")).getText()).isEqualTo("No changes: the cloud matches.");
			assertThat(browser.driver().getPageSource()).doesNotContain(SECRET);
			assertThat(browser.consoleProblems()).isEmpty();
		}
	}

}
