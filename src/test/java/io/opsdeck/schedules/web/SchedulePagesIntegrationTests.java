package io.opsdeck.schedules.web;

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
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The schedule pages in headless Chromium: a form with a wrong cron expression shows the problem at the field, the
 * preview shows fire times and daylight-saving notes, saving shows the next five fire times, "Run now" starts a run,
 * pause shows, presets fill the list. Writes the screenshots of docs/schedules.md.
 */
@IntegrationTest
class SchedulePagesIntegrationTests {

	private static final Duration PAGE = Duration.ofSeconds(20);

	@LocalServerPort
	int port;

	@Test
	void anAdminCreatesPreviewsRunsAndPausesASchedule() {
		assumeTrue(Browser.chromiumInstalled(), "needs chromium and chromium-driver");
		ApiClient api = new ApiClient(port, IntegrationTest.ADMIN_TOKEN);
		String environment = "pages-" + UUID.randomUUID().toString().substring(0, 6);
		assertThat(api.post("/api/v1/environments", Map.of("name", environment, "kind", "staging", "cloudProvider",
				"aws", "region", "eu-central-1")).status()).isEqualTo(201);
		assertThat(api.post("/api/v1/servers", Map.of("name", environment + "-local", "host", "127.0.0.1", "username",
				"root", "environment", environment, "connection", "local")).status()).isEqualTo(201);
		Path images = DocsOutput.directory("images");
		try (Browser browser = Browser.start(port)) {
			browser.openAsAdmin("/schedules/new?environment=" + environment, IntegrationTest.ADMIN_PASSWORD, PAGE);
			browser.find(By.id("name")).sendKeys(environment + " nightly health");
			new Select(browser.find(By.id("action"))).selectByValue("health-check");
			browser.find(By.id("cron")).clear();
			browser.find(By.id("cron")).sendKeys("30 2 * * *");
			browser.find(By.id("timeZone")).clear();
			browser.find(By.id("timeZone")).sendKeys("Europe/Berlin");
			new Select(browser.find(By.id("recoveryPolicy"))).selectByValue("rerun");
			browser.find(By.id("recoveryWindowMinutes")).clear();
			browser.find(By.id("recoveryWindowMinutes")).sendKeys("90");
			browser.clickAndWaitForNewPage(browser.find(Browser.testId("save-schedule")), PAGE);
			assertThat(browser.find(By.cssSelector("#cron + .invalid-feedback, .invalid-feedback")).getText())
				.contains("5 fields like a crontab line");

			browser.find(By.id("cron")).clear();
			browser.find(By.id("cron")).sendKeys("0 30 2 * * ?");
			browser.clickAndWaitForNewPage(browser.find(Browser.testId("preview-schedule")), PAGE);
			String preview = browser.find(Browser.testId("preview")).getText();
			browser.script("arguments[0].scrollIntoView({block: 'end'})", browser.find(Browser.testId("preview")));
			assertThat(preview).contains("02:30:00 +0").contains("go forward").contains("happens twice");
			browser.screenshot(images.resolve("schedule-form.png"));

			browser.clickAndWaitForNewPage(browser.find(Browser.testId("save-schedule")), PAGE);
			assertThat(browser.currentPath()).startsWith("/schedules/");
			assertThat(browser.findAll(By.cssSelector("[data-testid='next-fire-times'] li"))).hasSize(5);
			assertThat(browser.find(Browser.testId("recovery-policy")).getText()).contains("rerun")
				.contains("within 90 minutes");

			browser.find(Browser.testId("run-now")).click();
			browser.await(PAGE, ExpectedConditions.alertIsPresent()).accept();
			browser.await(PAGE, driver -> browser.currentPath().startsWith("/runs/"));
			String runPath = browser.currentPath();

			browser.driver().navigate().back();
			browser.driver().navigate().refresh();
			browser.await(PAGE, driver -> !browser.findAll(By.cssSelector("[data-testid='fires'] a")).isEmpty());
			assertThat(browser.find(By.cssSelector("[data-testid='fires'] a")).getAttribute("href")).endsWith(runPath);
			browser.clickAndWaitForNewPage(browser.find(Browser.testId("pause-toggle")), PAGE);
			assertThat(browser.find(Browser.testId("paused")).getText()).isEqualTo("paused");
			browser.screenshot(images.resolve("schedule.png"));

			browser.open("/schedules?environment=" + environment);
			browser.find(By.id("preset-zone")).clear();
			browser.find(By.id("preset-zone")).sendKeys("Europe/Berlin");
			browser.clickAndWaitForNewPage(browser.find(Browser.testId("add-presets")), PAGE);
			assertThat(browser.findAll(By.cssSelector("tr[data-schedule]"))).hasSize(8);
			assertThat(browser.find(By.cssSelector("tr[data-schedule='" + environment + " quarterly DR drill'] "
					+ "[data-testid='next-fire']")).getText()).contains("02:00").endsWith(":00");
			browser.screenshot(images.resolve("schedules.png"));
			assertThat(browser.consoleProblems()).isEmpty();
		}
	}

}
