package io.opsdeck.identity;

import java.net.http.HttpResponse;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.opsdeck.support.ApiClient;
import io.opsdeck.support.ApiClient.Response;
import io.opsdeck.support.IntegrationTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Pages offer an environment's buttons by the role <em>in that environment</em> (docs/security.md, "Buttons follow
 * the role in the page's environment"): a base {@code VIEWER} with {@code OPERATOR} (or {@code ADMIN}) granted on one
 * environment sees its launch (or settings) buttons there and not on another environment's pages; a plain viewer sees
 * none. The rendered HTML is read as the signed-in user's browser gets it.
 */
@IntegrationTest
class EnvironmentButtonsIntegrationTests {

	private static final String PASSWORD = "a-long-enough-password";

	@LocalServerPort
	int port;

	@Autowired
	JdbcTemplate jdbc;

	private final String suffix = UUID.randomUUID().toString().substring(0, 8);

	/** The environment the grants name, and another one. */
	private final String own = "btn-own-" + suffix;

	private final String other = "btn-other-" + suffix;

	private final Map<String, Fixture> fixtures = new java.util.HashMap<>();

	private record Fixture(String server, String schedule, UUID run, UUID drill) {
	}

	@BeforeEach
	void twoEnvironmentsEachWithAServerAScheduleAndARunningDrill() {
		ApiClient admin = admin();
		for (String environment : List.of(own, other)) {
			Response created = admin.post("/api/v1/environments", Map.of("name", environment, "kind", "staging",
					"cloudProvider", "aws", "region", "eu-central-1"));
			assertThat(created.status()).as(created.toString()).isEqualTo(201);
			Response server = admin.post("/api/v1/servers", Map.of("name", environment + "-web", "host", "127.0.0.1",
					"username", "root", "environment", environment, "connection", "local"));
			assertThat(server.status()).as(server.toString()).isEqualTo(201);
			Response schedule = admin.post("/api/v1/schedules", Map.of("name", environment + " check", "action",
					"health-check", "environment", environment, "cron", "0 0 2 * * ?", "timeZone", "UTC", "paused",
					true));
			assertThat(schedule.status()).as(schedule.toString()).isEqualTo(201);
			// a drill in progress, straight into the tables: nothing executes it, and the test ends it again
			UUID run = UUID.randomUUID();
			Timestamp now = Timestamp.from(Instant.now());
			jdbc.update("""
					insert into runs (id, kind, status, environment, playbook, parameters, triggered_by,
					                  triggered_by_role, created_at, started_at, heartbeat_at, timeout_seconds)
					values (?, 'ANSIBLE', 'RUNNING', ?, 'drill.yml', '{}', 'user:admin', 'ADMIN', ?, ?, ?, 3600)""",
					run, environment, now, now, now);
			UUID drill = UUID.randomUUID();
			jdbc.update("insert into drills (id, environment, type, status, run_id, backup_timestamp, backup_key,"
					+ " backup_size, backup_taken_at, manifest_present, rpo_seconds, rto_target_seconds,"
					+ " duration_seconds, triggered_by, created_at) values (?, ?, 'FULL', 'RUNNING', ?,"
					+ " '2026-01-01-000000', 'x/2026-01-01-000000/db.dump', 1, ?, true, 60, 1800, 0, 'user:admin', ?)",
					drill, environment, run, now, now);
			fixtures.put(environment, new Fixture(server.json().path("id").asString(),
					schedule.json().path("id").asString(), run, drill));
		}
	}

	@AfterEach
	void endTheDrills() {
		for (Fixture fixture : fixtures.values()) {
			jdbc.update("update drills set status = 'FAILED', finished_at = now() where id = ?", fixture.drill());
			jdbc.update("update runs set status = 'CANCELLED', finished_at = now() where id = ?", fixture.run());
		}
	}

	@Test
	void anOperatorOfOneEnvironmentSeesItsLaunchButtonsThereOnly() {
		BrowserSession browser = user("OPERATOR");

		for (String environment : List.of(own, other)) {
			boolean granted = environment.equals(own);
			Fixture fixture = fixtures.get(environment);
			assertButton(browser, "/servers/" + fixture.server() + "/health", "data-testid=\"check-server\"", granted);
			assertButton(browser, "/health?environment=" + environment, "data-testid=\"check-environment\"", granted);
			assertButton(browser, "/schedules/" + fixture.schedule(), "data-testid=\"run-now\"", granted);
			assertButton(browser, "/runs/" + fixture.run(), "data-testid=\"cancel-run\"", granted);
			assertButton(browser, "/drills/" + fixture.drill(), "data-testid=\"cancel-drill\"", granted);
			assertButton(browser, "/environments/" + environment + "/drills", "data-testid=\"run-drill-card\"",
					granted);
			assertButton(browser, "/environments/" + environment + "/patching", "data-testid=\"run-update-card\"",
					granted);
			assertButton(browser, "/servers/" + fixture.server() + "/provisioning", "data-testid=\"logs-link\"",
					granted);
			// an operator changes no settings
			assertButton(browser, "/schedules/" + fixture.schedule(), "data-testid=\"pause-toggle\"", false);
			assertButton(browser, "/environments/" + environment + "/drills",
					"data-testid=\"edit-drill-settings\"", false);
		}
		String dashboard = page(browser, "/");
		assertThat(dashboard).contains("data-testid=\"health-check-" + own + "\"")
			.doesNotContain("data-testid=\"health-check-" + other + "\"")
			.as("New run: the form for whoever is an operator somewhere")
			.contains("href=\"/runs/new\"");
		String newRun = page(browser, "/runs/new");
		assertThat(newRun).as("only environments the run may be started in").contains("value=\"" + own + "\"")
			.doesNotContain("value=\"" + other + "\"");
		assertThat(page(browser, "/servers")).doesNotContain("data-testid=\"new-server\"");
	}

	@Test
	void anAdminOfOneEnvironmentSeesItsSettingsButtonsThereButNoGlobalOnes() {
		BrowserSession browser = user("ADMIN");

		for (String environment : List.of(own, other)) {
			boolean granted = environment.equals(own);
			Fixture fixture = fixtures.get(environment);
			assertButton(browser, "/schedules/" + fixture.schedule(), "data-testid=\"pause-toggle\"", granted);
			assertButton(browser, "/environments/" + environment + "/drills",
					"data-testid=\"edit-drill-settings\"", granted);
			assertButton(browser, "/servers?environment=" + environment, "href=\"/servers/" + fixture.server()
					+ "/edit\"", granted);
			assertButton(browser, "/servers?environment=" + environment, "data-testid=\"new-server\"", granted);
			assertButton(browser, "/environments", "href=\"/environments/" + environment + "/edit\"", granted);
			assertButton(browser, "/runs/" + fixture.run(), "data-testid=\"cancel-run\"", granted);
		}
		String environments = page(browser, "/environments");
		assertThat(environments).as("creating and deleting environments stay global")
			.doesNotContain("data-testid=\"new-environment\"")
			.doesNotContain("/delete\"");
		assertThat(page(browser, "/")).doesNotContain("href=\"/users\"").doesNotContain("href=\"/audit\"");
	}

	@Test
	void aPlainViewerSeesNoLaunchButtons() {
		BrowserSession browser = signIn(createUser());

		for (String environment : List.of(own, other)) {
			Fixture fixture = fixtures.get(environment);
			assertButton(browser, "/servers/" + fixture.server() + "/health", "data-testid=\"check-server\"", false);
			assertButton(browser, "/schedules/" + fixture.schedule(), "data-testid=\"run-now\"", false);
			assertButton(browser, "/runs/" + fixture.run(), "data-testid=\"cancel-run\"", false);
			assertButton(browser, "/drills/" + fixture.drill(), "data-testid=\"cancel-drill\"", false);
			assertButton(browser, "/environments/" + environment + "/drills", "data-testid=\"run-drill-card\"",
					false);
		}
		String dashboard = page(browser, "/");
		assertThat(dashboard).doesNotContain("data-testid=\"health-check-" + own + "\"")
			.doesNotContain("href=\"/runs/new\"");
	}

	private void assertButton(BrowserSession browser, String path, String marker, boolean shown) {
		String html = page(browser, path);
		if (shown) {
			assertThat(html).as(path + " shows " + marker).contains(marker);
		}
		else {
			assertThat(html).as(path + " hides " + marker).doesNotContain(marker);
		}
	}

	private static String page(BrowserSession browser, String path) {
		HttpResponse<String> response = browser.get(path);
		assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
		return response.body();
	}

	/** A base {@code VIEWER} with {@code role} granted on {@link #own}, signed in. */
	private BrowserSession user(String role) {
		String name = createUser();
		Response granted = admin().put("/api/v1/users/" + name + "/grants/" + own, Map.of("role", role));
		assertThat(granted.status()).as(granted.body()).isEqualTo(200);
		return signIn(name);
	}

	private String createUser() {
		String name = "btn-" + UUID.randomUUID().toString().substring(0, 8);
		Response created = admin().post("/api/v1/users",
				Map.of("username", name, "password", PASSWORD, "role", "VIEWER"));
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		return name;
	}

	private BrowserSession signIn(String username) {
		BrowserSession browser = new BrowserSession(port);
		HttpResponse<String> login = browser.login(username, PASSWORD);
		assertThat(login.headers().firstValue("Location"))
			.hasValueSatisfying(l -> assertThat(l).doesNotContain("/login"));
		return browser;
	}

	private ApiClient admin() {
		return new ApiClient(port, IntegrationTest.ADMIN_TOKEN);
	}

}
