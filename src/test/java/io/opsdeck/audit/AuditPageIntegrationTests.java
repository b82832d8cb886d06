package io.opsdeck.audit;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import io.opsdeck.support.Browser;
import io.opsdeck.support.DocsOutput;
import io.opsdeck.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The {@code /audit} page in headless Chromium: an admin finds it in the navigation, filters, pages and gets export
 * links carrying the filters; the screenshot for docs/audit.md is taken here ({@code -Dopsdeck.update-docs=true}).
 */
@IntegrationTest
class AuditPageIntegrationTests {

	private static final Duration PAGE = Duration.ofSeconds(20);

	@LocalServerPort
	int port;

	@Autowired
	JdbcTemplate jdbc;

	@Test
	void anAdminFiltersPagesAndExportsTheAuditLog() {
		assumeTrue(Browser.chromiumInstalled(), "needs chromium and chromium-driver");
		// a quarter of an hour three days ago that only this test writes to
		Instant start = LocalDate.now(ZoneOffset.UTC).minusDays(3).atTime(9, 0).toInstant(ZoneOffset.UTC);
		String run = UUID.randomUUID().toString();
		List<Object[]> rows = List.of(
				row(start, "anonymous", null, "203.0.113.9", "LOGIN", "user:alice", null, "DENIED", 302, "bad credentials"),
				row(start.plusSeconds(40), "user:alice", "OPERATOR", "198.51.100.4", "LOGIN", null, null, "SUCCESS", 302, null),
				row(start.plusSeconds(95), "user:alice", "OPERATOR", "198.51.100.4", "POST /api/v1/runs", null, "staging",
						"SUCCESS", 202, "run " + run + " queued"),
				row(start.plusSeconds(130), "token:ci-deploy", "OPERATOR", "10.0.4.17", "POST /api/v1/environments/{name}/health-check",
						"name=production", "production", "DENIED", 403, null),
				row(start.plusSeconds(180), "anonymous", null, "203.0.113.9", "DELETE /api/v1/servers/{id}",
						"id=5f0c9a1e-3b7d-4c2a-9e61-0d8f4b2a7c11", null, "DENIED", 401, "bearer token rejected (odk_Zx3q…)"),
				row(start.plusSeconds(240), "schedule:staging nightly drill", "ADMIN", null, "RUN_QUEUED",
						"run=" + UUID.randomUUID(), "staging", "SUCCESS", null, "drill: drill-restore.yml"),
				row(start.plusSeconds(300), "user:admin", "ADMIN", "198.51.100.2", "PUT /api/v1/environments/{name}",
						"name=staging", "staging", "SUCCESS", 200, null),
				row(start.plusSeconds(320), "user:admin", "ADMIN", "198.51.100.2", "POST /credentials", null, null,
						"FAILURE", 409, null),
				row(start.plusSeconds(400), "user:alice", "OPERATOR", "198.51.100.4", "LOGOUT", null, null, "SUCCESS", 302,
						null));
		for (Object[] row : rows) {
			jdbc.update("insert into audit_events (occurred_at, actor, actor_role, address, action, target, environment, "
					+ "outcome, status, detail, node) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'opsdeck-1')", row);
		}
		String window = "from=" + start.toString().substring(0, 16) + "&to=" + start.plusSeconds(900).toString().substring(0, 16);

		try (Browser browser = Browser.start(port)) {
			browser.openAsAdmin("/", IntegrationTest.ADMIN_PASSWORD, PAGE);
			browser.clickAndWaitForNewPage(browser.find(By.linkText("Audit log")), PAGE);
			assertThat(browser.currentPath()).isEqualTo("/audit");

			browser.open("/audit?" + window);
			List<WebElement> shown = browser.findAll(Browser.testId("audit-row"));
			assertThat(shown).hasSize(9);
			assertThat(shown.get(0).getText()).contains("LOGOUT").contains("user:alice");
			assertThat(browser.find(Browser.testId("export-csv")).getAttribute("href"))
				.contains("/api/v1/audit/export?from=").contains("format=csv");
			browser.screenshot(DocsOutput.directory("images").resolve("audit.png"));

			browser.open("/audit?outcome=DENIED&" + window);
			assertThat(browser.findAll(Browser.testId("audit-row"))).hasSize(3);
			browser.open("/audit?outcome=MAYBE");
			assertThat(browser.find(Browser.testId("filter-error")).getText()).contains("outcome");
			assertThat(browser.consoleProblems()).isEmpty();
		}
	}

	private static Object[] row(Instant at, String actor, String role, String address, String action, String target,
			String environment, String outcome, Integer status, String detail) {
		return new Object[] { OffsetDateTime.ofInstant(at, ZoneOffset.UTC), actor, role, address, action, target,
				environment, outcome, status, detail };
	}

}
