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

/**
 * The users page in Chromium: create a user, grant a role in one environment, unlock a client address locked after
 * too many different bad API tokens; writes docs/images/users.png.
 */
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
		LoopbackClient guesser = new LoopbackClient("127.0.0.130", port);
		for (int i = 0; i < 50; i++) {
			assertThat(guesser.get("/api/v1/me", "Authorization", "Bearer odk_guessed_" + i).status()).isEqualTo(401);
		}
		assertThat(guesser.get("/api/v1/me", "Authorization", "Bearer " + IntegrationTest.ADMIN_TOKEN).status())
			.isEqualTo(429);
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

			String lock = "[data-testid='address-locks'] tr[data-address='127.0.0.130'] ";
			assertThat(browser.find(By.cssSelector(lock + "td:nth-child(2)")).getText()).contains("API tokens");
			browser.screenshot(DocsOutput.directory("images").resolve("users.png"));

			browser.clickAndWaitForNewPage(browser.find(By.cssSelector(lock + "[data-testid='lift-address-lock']")),
					PAGE);
			assertThat(browser.find(By.cssSelector(".alert-success")).getText()).contains("127.0.0.130 unlocked");
			assertThat(browser.findAll(By.cssSelector(lock))).isEmpty();
			assertThat(guesser.get("/api/v1/me", "Authorization", "Bearer " + IntegrationTest.ADMIN_TOKEN).status())
				.isEqualTo(200);
			assertThat(browser.consoleProblems()).isEmpty();
		}
	}

}
