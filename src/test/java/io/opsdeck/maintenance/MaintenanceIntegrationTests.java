package io.opsdeck.maintenance;

import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.opsdeck.support.ApiClient;
import io.opsdeck.support.ApiClient.Response;
import io.opsdeck.support.Browser;
import io.opsdeck.support.DocsOutput;
import io.opsdeck.support.IntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The maintenance checklist (seed: Maintenance Procedures) through the API and in headless Chromium: ticking an item
 * records who and when, the checklist reflects real schedules (next fire, last result, too rare or missing), errors
 * are problem details. Writes the screenshot of docs/maintenance.md.
 */
@IntegrationTest
class MaintenanceIntegrationTests {

	private static final String CHECKLIST = "/api/v1/maintenance/checklist";

	private static final Duration PAGE = Duration.ofSeconds(20);

	@LocalServerPort
	int port;

	@Autowired
	JdbcTemplate jdbc;

	ApiClient api;

	String environment;

	@BeforeEach
	void createEnvironment() {
		api = new ApiClient(port, IntegrationTest.ADMIN_TOKEN);
		environment = "mt-" + UUID.randomUUID().toString().substring(0, 8);
		Response created = api.post("/api/v1/environments",
				Map.of("name", environment, "kind", "staging", "cloudProvider", "aws", "region", "us-east-1"));
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
	}

	@Test
	void tickingAnItemRecordsWhoAndWhenAndKeepsTheHistory() {
		ApiClient operator = api.withToken(token("OPERATOR"));
		JsonNode before = entry(api.get(CHECKLIST + "?environment=" + environment).json(), "review-logs", environment);
		assertThat(before.path("status").asString()).isEqualTo("NEVER_DONE");
		assertThat(before.path("lastDone").isNull()).isTrue();

		Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS);
		Response done = operator.post(CHECKLIST + "/review-logs/done",
				Map.of("environment", environment, "note", "no errors in django since Monday"));
		assertThat(done.status()).as(done.toString()).isEqualTo(201);
		JsonNode tick = done.json();
		assertThat(tick.path("item").asString()).isEqualTo("review-logs");
		assertThat(tick.path("environment").asString()).isEqualTo(environment);
		assertThat(tick.path("doneBy").asString()).startsWith("token:");
		Instant doneAt = Instant.parse(tick.path("doneAt").asString());
		assertThat(doneAt).isBetween(start, Instant.now());
		assertThat(Instant.parse(tick.path("dueBy").asString())).isEqualTo(doneAt.plus(Duration.ofDays(7)));

		JsonNode after = entry(api.get(CHECKLIST + "?environment=" + environment).json(), "review-logs", environment);
		assertThat(after.path("status").asString()).isEqualTo("DONE");
		assertThat(after.path("lastDone").path("doneBy").asString()).isEqualTo(tick.path("doneBy").asString());
		assertThat(after.path("lastDone").path("note").asString()).isEqualTo("no errors in django since Monday");
		assertThat(after.path("dueBy").asString()).isEqualTo(tick.path("dueBy").asString());

		Response again = api.post(CHECKLIST + "/review-logs/done", Map.of("environment", environment));
		assertThat(again.status()).isEqualTo(201);
		JsonNode history = api.get(CHECKLIST + "/review-logs/history?environment=" + environment).json();
		assertThat(history).hasSize(2);
		assertThat(history.get(0).path("doneBy").asString()).isEqualTo(again.json().path("doneBy").asString());
		assertThat(history.get(0).path("note").isNull()).isTrue();
		assertThat(history.get(1).path("id").asString()).isEqualTo(tick.path("id").asString());

		// team-wide items take no environment; a tick a period ago makes the item overdue
		Response audit = operator.post(CHECKLIST + "/security-audit/done", "");
		assertThat(audit.status()).as(audit.toString()).isEqualTo(201);
		assertThat(audit.json().path("environment").isNull()).isTrue();
		assertThat(Instant.parse(audit.json().path("dueBy").asString()))
			.isEqualTo(Instant.parse(audit.json().path("doneAt").asString()).plus(Duration.ofDays(92)));
		backdate(environment, "check-disk-space", Duration.ofDays(8));
		JsonNode overdue = entry(api.get(CHECKLIST + "?environment=" + environment).json(), "check-disk-space",
				environment);
		assertThat(overdue.path("status").asString()).isEqualTo("OVERDUE");
		assertThat(Instant.parse(overdue.path("dueBy").asString())).isBefore(Instant.now());

		assertThat(api.withToken(token("VIEWER")).post(CHECKLIST + "/review-logs/done",
				Map.of("environment", environment)).status()).isEqualTo(403);
		assertThat(api.withToken(token("VIEWER")).get(CHECKLIST).status()).isEqualTo(200);
	}

	@Test
	void mistakesAreProblemDetails() {
		Response unknown = api.post(CHECKLIST + "/polish-the-servers/done", Map.of("environment", environment));
		assertThat(unknown.status()).isEqualTo(404);
		assertThat(unknown.header("Content-Type")).startsWith("application/problem+json");
		assertThat(unknown.json().path("detail").asString()).contains("polish-the-servers");
		assertThat(api.get(CHECKLIST + "/polish-the-servers/history").status()).isEqualTo(404);

		assertField(api.post(CHECKLIST + "/review-logs/done", Map.of("environment", environment, "note",
				"x".repeat(501))), "note");
		assertField(api.post(CHECKLIST + "/review-logs/done", Map.of("environment", environment, "note",
				"two\nlines")), "note");
		assertField(api.post(CHECKLIST + "/review-logs/done", Map.of("environment", environment, "note",
				"looks \u202Efine")), "note");
		assertField(api.post(CHECKLIST + "/review-logs/done", Map.of("note", "which environment?")), "environment");
		for (String limit : List.of("0", "-1", "501")) {
			assertField(api.get(CHECKLIST + "/review-logs/history?environment=" + environment + "&limit=" + limit),
					"limit");
		}
		assertField(api.post(CHECKLIST + "/capacity-planning/done", Map.of("environment", environment)),
				"environment");
		assertThat(api.post(CHECKLIST + "/review-logs/done", Map.of("environment", "no-such-env")).status())
			.isEqualTo(404);
		assertThat(api.get(CHECKLIST + "?environment=no-such-env").status()).isEqualTo(404);
		assertThat(api.get(CHECKLIST + "/review-logs/history?environment=" + environment).json()).isEmpty();

		JsonNode paths = api.get("/v3/api-docs").json().path("paths");
		assertThat(paths.path(CHECKLIST + "/{item}/done").path("post").path("summary").asString())
			.isEqualTo("Tick a checklist item off");
		assertThat(paths.path(CHECKLIST).path("get").path("tags").get(0).asString()).isEqualTo("Maintenance");
	}

	@Test
	void automatedItemsShowTheirRealScheduleItsNextFireAndLastResult() {
		JsonNode unscheduled = entry(api.get(CHECKLIST + "?environment=" + environment).json(), "verify-backups",
				environment);
		assertThat(unscheduled.path("status").asString()).isEqualTo("NOT_SCHEDULED");
		assertThat(unscheduled.path("schedules")).isEmpty();
		assertThat(unscheduled.path("createSchedule").asString()).startsWith("/schedules/new?environment=" + environment)
			.contains("action=backup-verify")
			.contains("cron=0+30+6+%3F+*+MON")
			.contains("maxAgeHours=26");

		String verifyId = schedule("backup-verify", "0 30 6 ? * MON", Map.of("maxAgeHours", 26));
		String drillId = schedule("drill", "0 0 2 ? 1,4,7,10 MON#1", Map.of("type", "full"));
		JsonNode checklist = api.get(CHECKLIST + "?environment=" + environment).json();
		assertThat(checklist.path("environments")).hasSize(1);
		JsonNode verify = entry(checklist, "verify-backups", environment);
		assertThat(verify.path("status").asString()).isEqualTo("AUTOMATED");
		assertThat(verify.path("createSchedule").isNull()).isTrue();
		JsonNode ref = verify.path("schedules").get(0);
		assertThat(ref.path("id").asString()).isEqualTo(verifyId);
		assertThat(ref.path("covers").asBoolean()).isTrue();
		assertThat(ref.path("intervalSeconds").asLong()).isEqualTo(Duration.ofDays(7).toSeconds());
		JsonNode stored = api.get("/api/v1/schedules/" + verifyId).json();
		assertThat(Instant.parse(ref.path("nextFire").asString()))
			.isEqualTo(OffsetDateTime.parse(stored.path("nextFireTimes").get(0).asString()).toInstant());
		assertThat(ref.path("lastResult").isNull()).isTrue();

		// the quarterly drill does the quarterly drill item, but is too rare for the monthly restore test
		assertThat(entry(checklist, "dr-drill", environment).path("status").asString()).isEqualTo("AUTOMATED");
		JsonNode restore = entry(checklist, "test-backup-restoration", environment);
		assertThat(restore.path("status").asString()).isEqualTo("NOT_SCHEDULED");
		assertThat(restore.path("schedules").get(0).path("id").asString()).isEqualTo(drillId);
		assertThat(restore.path("schedules").get(0).path("covers").asBoolean()).isFalse();
		assertThat(restore.path("createSchedule").asString()).contains("drillType=database-only");

		// "Run now" without backup storage cannot verify anything: the item shows the failing last fire
		Response fired = api.post("/api/v1/schedules/" + verifyId + "/trigger", Map.of());
		assertThat(fired.status()).as(fired.toString()).isEqualTo(202);
		JsonNode failing = entry(api.get(CHECKLIST + "?environment=" + environment).json(), "verify-backups",
				environment);
		assertThat(failing.path("status").asString()).isEqualTo("FAILING");
		JsonNode last = failing.path("schedules").get(0);
		assertThat(last.path("lastResult").asString()).isEqualTo(fired.json().path("result").asString());
		assertThat(last.path("lastFailed").asBoolean()).isTrue();
		assertThat(last.path("lastMessage").asString()).contains("backup storage");

		// paused: no longer counts
		assertThat(api.post("/api/v1/schedules/" + verifyId + "/pause", Map.of()).status()).isEqualTo(200);
		JsonNode paused = entry(api.get(CHECKLIST + "?environment=" + environment).json(), "verify-backups",
				environment);
		assertThat(paused.path("status").asString()).isEqualTo("NOT_SCHEDULED");
		assertThat(paused.path("schedules").get(0).path("paused").asBoolean()).isTrue();
		// the suggested schedule exists, paused: resume it rather than fill a form whose name is taken (409)
		assertThat(paused.path("resumeSchedule").asString()).isEqualTo("/schedules/" + verifyId);
		assertThat(paused.path("createSchedule").isNull()).isTrue();
	}

	@Test
	@Tag("browser")
	void theMaintenancePageShowsEachItemAndTicksOneOff() {
		assumeTrue(Browser.chromiumInstalled(), "needs chromium and chromium-driver");
		schedule("backup-verify", "0 30 6 ? * MON", Map.of("maxAgeHours", 26));
		backdate(environment, "check-disk-space", Duration.ofDays(9));
		try (Browser browser = Browser.start(port)) {
			browser.consoleProblems();
			browser.openAsAdmin("/maintenance?environment=" + environment, IntegrationTest.ADMIN_PASSWORD, PAGE);
			assertThat(row(browser, "verify-backups").getDomAttribute("data-status")).isEqualTo("AUTOMATED");
			assertThat(row(browser, "verify-backups").findElement(Browser.testId("next-fire")).getText())
				.matches("next \\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2} UTC");
			assertThat(row(browser, "check-disk-space").getDomAttribute("data-status")).isEqualTo("OVERDUE");
			assertThat(row(browser, "check-disk-space").getDomAttribute("class")).contains("table-danger");
			assertThat(row(browser, "check-disk-space").findElement(Browser.testId("create-schedule")).getText())
				.isEqualTo("automatable: create schedule");
			assertThat(row(browser, "security-audit").findElement(By.cssSelector("td:nth-child(2)")).getText())
				.isEqualTo("team-wide");

			WebElement note = row(browser, "review-logs").findElement(By.name("note"));
			note.sendKeys("no errors in django this week");
			browser.clickAndWaitForNewPage(row(browser, "review-logs").findElement(By.cssSelector("button")), PAGE);
			assertThat(browser.currentPath()).isEqualTo("/maintenance?environment=" + environment);
			assertThat(browser.find(By.cssSelector(".alert-success")).getText()).contains("review-logs");
			assertThat(row(browser, "review-logs").getDomAttribute("data-status")).isEqualTo("DONE");
			assertThat(row(browser, "review-logs").findElement(Browser.testId("last-done")).getText())
				.containsPattern("last done by user:admin at \\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2} UTC")
				.containsPattern("due again by \\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2} UTC")
				.contains("no errors in django this week");
			browser.screenshot(DocsOutput.directory("images").resolve("maintenance.png"));

			browser.clickAndWaitForNewPage(row(browser, "dr-drill").findElement(Browser.testId("create-schedule")),
					PAGE);
			assertThat(browser.currentPath()).startsWith("/schedules/new");
			assertThat(new Select(browser.find(By.id("action"))).getFirstSelectedOption().getDomAttribute("value"))
				.isEqualTo("drill");
			assertThat(browser.find(By.id("cron")).getDomProperty("value")).isEqualTo("0 0 2 ? 1,4,7,10 MON#1");
			assertThat(browser.find(By.id("name")).getDomProperty("value")).isEqualTo(environment
					+ " quarterly DR drill");
			assertThat(browser.consoleProblems()).as("console errors and CSP violations").isEmpty();
		}
	}

	private WebElement row(Browser browser, String item) {
		return browser.find(By.cssSelector("tr[data-item='" + item + "'][data-environment='" + environment + "'], "
				+ "tr[data-item='" + item + "']:not([data-environment])"));
	}

	private String schedule(String action, String cron, Map<String, Object> parameters) {
		Map<String, Object> body = new LinkedHashMap<>(Map.of("name", environment + " " + action, "action", action,
				"environment", environment, "cron", cron, "timeZone", "UTC", "parameters", parameters));
		Response created = api.post("/api/v1/schedules", body);
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		return created.json().path("id").asString();
	}

	/** A tick {@code ago} in the past, written directly: the API only records "now". */
	private void backdate(String environment, String item, Duration ago) {
		UUID environmentId = jdbc.queryForObject("select id from environments where name = ?", UUID.class,
				environment);
		jdbc.update("insert into maintenance_ticks (id, item, environment_id, done_by, done_at) values (?, ?, ?, ?, ?)",
				UUID.randomUUID(), item, environmentId, "user:earlier", Timestamp.from(Instant.now().minus(ago)));
	}

	private static JsonNode entry(JsonNode checklist, String item, String environment) {
		for (JsonNode node : checklist.path("items")) {
			if (node.path("id").asString().equals(item)) {
				for (JsonNode entry : node.path("entries")) {
					if (entry.path("environment").isNull() || entry.path("environment").asString().equals(environment)) {
						return entry;
					}
				}
			}
		}
		throw new AssertionError("no entry for " + item + " of " + environment + " in " + checklist);
	}

	private String token(String role) {
		Response created = api.post("/api/v1/tokens", Map.of("name", "mt-" + UUID.randomUUID(), "role", role,
				"expiresInDays", 1));
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		return created.json().path("token").asString();
	}

	private static void assertField(Response response, String field) {
		assertThat(response.status()).as(response.toString()).isEqualTo(400);
		assertThat(response.header("Content-Type")).startsWith("application/problem+json");
		assertThat(response.json().path("errors").get(0).path("field").asString()).as(response.toString())
			.isEqualTo(field);
	}

}
