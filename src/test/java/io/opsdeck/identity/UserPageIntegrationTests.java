package io.opsdeck.identity;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import io.opsdeck.support.ApiClient;
import io.opsdeck.support.Browser;
import io.opsdeck.support.DocsOutput;
import io.opsdeck.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The users page in Chromium: create a user, grant a role in one environment, disable; writes docs/images/users.png. */
@IntegrationTest
class UserPageIntegrationTests {

	private static final Duration PAGE = Duration.ofSeconds(30);

	@LocalServerPort
	int port;

	@Test
	void anAdminCreatesAUserAndGrantsARoleInOneEnvironment() {
		assumeTrue(Browser.chromiumInstalled(), "needs chromium and chromium-driver");
		ApiClient api = new ApiClient(port, IntegrationTest.ADMIN_TOKEN);
		String name = "olivia-" + UUID.randomUUID().toString().substring(0, 6);
		api.post("/api/v1/users", Map.of("username", "victor-" + name.substring(7), "password", "a-long-password",
				"role", "VIEWER"));
		api.put("/api/v1/users/victor-" + name.substring(7) + "/grants/production", Map.of("role", "OPERATOR"));
		try (Browser browser = Browser.start(port)) {
			browser.openAsAdmin("/users", IntegrationTest.ADMIN_PASSWORD, PAGE);
			browser.find(By.id("new-username")).sendKeys(name);
			browser.find(By.id("new-password")).sendKeys("a-long-enough-password");
			browser.clickAndWaitForNewPage(browser.find(By.cssSelector("[data-testid='create-user'] button")), PAGE);
			assertThat(browser.find(By.cssSelector(".alert-success")).getText()).contains(name);

			String row = "tr[data-user='" + name + "'] ";
			browser.find(By.cssSelector(row + "input[name='environment']")).sendKeys("staging");
			browser.clickAndWaitForNewPage(browser.find(By.xpath("//tr[@data-user='" + name
					+ "']//button[text()='Grant']")), PAGE);
			assertThat(browser.find(By.cssSelector(row + "[data-testid='grant']")).getText())
				.isEqualTo("staging: OPERATOR");
			assertThat(api.get("/api/v1/users/" + name).json().get("grants").get(0).get("environment").asString())
				.isEqualTo("staging");

			browser.screenshot(DocsOutput.directory("images").resolve("users.png"));
			assertThat(browser.consoleProblems()).isEmpty();
		}
	}

}
