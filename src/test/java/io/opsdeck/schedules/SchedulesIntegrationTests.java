package io.opsdeck.schedules;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.opsdeck.support.ApiClient;
import io.opsdeck.support.ApiClient.Response;
import io.opsdeck.support.IntegrationTest;
import io.opsdeck.support.LostUpdates;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

/**
 * Schedules through the API on the running application with its real Quartz scheduler (clustered JDBC job store in
 * the embedded PostgreSQL): validation, previews, presets, "Run now", pause and resume, and real fires that start
 * runs triggered by {@code schedule:<name>}. The health checks run {@code health-check.yml} with a local connection.
 */
@IntegrationTest
class SchedulesIntegrationTests {

	@LocalServerPort
	int port;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	org.springframework.web.context.WebApplicationContext context;

	private org.springframework.test.web.servlet.MockMvc mvc;

	private ApiClient api;

	private String environment;

	@BeforeEach
	void environmentWithALocalServer() {
		api = new ApiClient(port, IntegrationTest.ADMIN_TOKEN);
		mvc = io.opsdeck.support.WebClients.mockMvc(context);
		environment = "sched-" + UUID.randomUUID().toString().substring(0, 8);
		createEnvironment(environment, "staging");
		Response server = api.post("/api/v1/servers", Map.of("name", environment + "-local", "host", "127.0.0.1",
				"username", "root", "environment", environment, "connection", "local"));
		assertThat(server.status()).as(server.toString()).isEqualTo(201);
	}

	private void createEnvironment(String name, String kind) {
		Response created = api.post("/api/v1/environments",
				Map.of("name", name, "kind", kind, "cloudProvider", "aws", "region", "eu-central-1"));
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
	}

	private Map<String, Object> schedule(String name, String action, String cron) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("name", name);
		body.put("action", action);
		body.put("environment", environment);
		body.put("cron", cron);
		body.put("timeZone", "Europe/Berlin");
		return body;
	}

	/** A cron expression that fires once, at the given time (the year field ends it). */
	private static String onceAt(ZonedDateTime time) {
		return time.getSecond() + " " + time.getMinute() + " " + time.getHour() + " " + time.getDayOfMonth() + " "
				+ time.getMonthValue() + " ? " + time.getYear();
	}

	private void assertRejected(Map<String, Object> body, String field, String message) {
		Response refused = api.post("/api/v1/schedules", body);
		assertThat(refused.status()).as(refused.toString()).isEqualTo(400);
		assertThat(refused.json().path("errors").get(0).path("field").asString()).isEqualTo(field);
		assertThat(refused.json().path("errors").get(0).path("message").asString()).contains(message);
	}

	@Test
	void aScheduleIsCreatedWithItsNextFiveFireTimesInItsZoneAndCanBeChangedAndDeleted() {
		Map<String, Object> body = schedule(environment + " quarterly drill", "drill", "0 0 2 ? 1,4,7,10 MON#1");
		body.put("parameters", Map.of("type", "full"));
		body.put("misfirePolicy", "fire-once");

		Response created = api.post("/api/v1/schedules", body);

		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		JsonNode schedule = created.json();
		String id = schedule.path("id").asString();
		assertThat(created.header("Location")).isEqualTo("/api/v1/schedules/" + id);
		assertThat(schedule.path("paused").asBoolean()).isFalse();
		assertThat(schedule.path("misfirePolicy").asString()).isEqualTo("fire-once");
		assertThat(schedule.path("parameters").path("type").asString()).isEqualTo("full");
		List<OffsetDateTime> next = new ArrayList<>();
		schedule.path("nextFireTimes").forEach(t -> next.add(OffsetDateTime.parse(t.asString())));
		assertThat(next).hasSize(5);
		for (OffsetDateTime time : next) {
			assertThat(time.getDayOfWeek()).isEqualTo(java.time.DayOfWeek.MONDAY);
			assertThat(time.getDayOfMonth()).isLessThanOrEqualTo(7);
			assertThat(time.getMonthValue()).isIn(1, 4, 7, 10);
			assertThat(time.toLocalTime()).isEqualTo(java.time.LocalTime.of(2, 0));
			assertThat(time.getOffset()).isEqualTo(ZoneId.of("Europe/Berlin").getRules().getOffset(time.toInstant()));
		}
		assertThat(jdbc.queryForObject("select count(*) from qrtz_cron_triggers where trigger_name = ? and "
				+ "cron_expression = ? and time_zone_id = 'Europe/Berlin'", Long.class, id, "0 0 2 ? 1,4,7,10 MON#1"))
			.as("Quartz holds the trigger").isEqualTo(1);

		Response duplicate = api.post("/api/v1/schedules", body);
		assertThat(duplicate.status()).as(duplicate.toString()).isEqualTo(409);

		body.put("cron", "0 15 3 ? * SUN");
		body.put("misfirePolicy", "skip");
		Response updated = api.put("/api/v1/schedules/" + id, body);
		assertThat(updated.status()).as(updated.toString()).isEqualTo(200);
		assertThat(updated.json().path("nextFireTimes").get(0).asString()).contains("T03:15");
		assertThat(jdbc.queryForObject("select misfire_instr from qrtz_triggers where trigger_name = ?", Integer.class,
				id)).as("DO_NOTHING").isEqualTo(2);

		assertThat(api.get("/api/v1/schedules?environment=" + environment).json()).hasSize(1);
		assertThat(api.delete("/api/v1/schedules/" + id).status()).isEqualTo(204);
		assertThat(api.get("/api/v1/schedules/" + id).status()).isEqualTo(404);
		assertThat(jdbc.queryForObject("select count(*) from qrtz_job_details where job_name = ?", Long.class, id))
			.as("the Quartz job went with it").isZero();
	}

	@Test
	void badInputGetsA400NamingTheProblemAndStoresNothing() {
		assertRejected(schedule(environment + " bad", "drill", "0 2 1-7 1,4,7,10 1"), "cron",
				"5 fields like a crontab line");
		assertRejected(schedule(environment + " bad", "drill", "0 0 2 * * MON"), "cron",
				"not a valid Quartz cron expression");
		assertRejected(schedule(environment + " bad", "drill", "0 0 2 1 1 ? 2001"), "cron",
				"no fire time in the future");
		assertRejected(schedule(environment + " bad", "health-check", "* * * * * ?"), "cron",
				"at most once every 60 s");
		Map<String, Object> zone = schedule(environment + " bad", "drill", "0 0 2 ? * MON");
		zone.put("timeZone", "Europe/Atlantis");
		assertRejected(zone, "timeZone", "unknown time zone 'Europe/Atlantis'");
		assertRejected(schedule(environment + " bad", "reboot-everything", "0 0 2 ? * MON"), "action",
				"unknown action");
		Map<String, Object> parameter = schedule(environment + " bad", "drill", "0 0 2 ? * MON");
		parameter.put("parameters", Map.of("type", "everything"));
		assertRejected(parameter, "parameters.type", "full, database-only or validation-only");
		parameter.put("parameters", Map.of("rm", "-rf"));
		assertRejected(parameter, "parameters.rm", "unknown parameter");
		Map<String, Object> retention = schedule(environment + " bad", "backup-cleanup", "0 0 4 1 * ?");
		retention.put("parameters", Map.of("retentionDays", 0));
		assertRejected(retention, "parameters.retentionDays", "from 1 to 3650");
		Map<String, Object> misfire = schedule(environment + " bad", "drill", "0 0 2 ? * MON");
		misfire.put("misfirePolicy", "fire-twice");
		assertRejected(misfire, "misfirePolicy", "fire-once or skip");
		Map<String, Object> name = schedule("$(reboot)", "drill", "0 0 2 ? * MON");
		assertRejected(name, "name", "letters, digits");

		String development = environment + "-dev";
		createEnvironment(development, "development");
		Map<String, Object> update = schedule(environment + " bad", "security-update", "0 0 3 ? * WED#1");
		update.put("environment", development);
		assertRejected(update, "action", "development environments get no automatic updates");

		assertThat(api.get("/api/v1/schedules?environment=" + environment).json()).isEmpty();
	}

	@Test
	void aZoneWrittenAsUtcPlusAnOffsetFiresInThatOffsetNotInUtc() {
		Map<String, Object> body = schedule(environment + " india", "health-check", "0 30 2 * * ?");
		body.put("timeZone", "UTC+05:30");

		Response created = api.post("/api/v1/schedules", body);

		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		assertThat(created.json().path("nextFireTimes").get(0).asString()).endsWith("T02:30:00+05:30");
		String id = created.json().path("id").asString();
		Long next = jdbc.queryForObject("select next_fire_time from qrtz_triggers where trigger_name = ?", Long.class,
				id);
		assertThat(java.time.Instant.ofEpochMilli(next).atOffset(java.time.ZoneOffset.ofHoursMinutes(5, 30))
			.toLocalTime()).as("Quartz fires at 02:30 in that offset").isEqualTo(java.time.LocalTime.of(2, 30));
		Response preview = api.get("/api/v1/schedules/preview?cron=0%2030%202%20*%20*%20%3F&timeZone=UTC%2B05:30");
		assertThat(preview.json().path("nextFireTimes").get(0).asString()).endsWith("T02:30:00+05:30");
	}

	@Test
	void aCronExpressionLongerThanQuartzStoresIsA400AndStoresNothing() {
		String cron = "0 0 2 ? * " + String.join(",", java.util.Collections.nCopies(40, "MON"));

		assertRejected(schedule(environment + " long", "health-check", cron), "cron", "at most 120 characters");
		assertRejected(schedule(environment + " long", "health-check", cron + "," + cron.substring(10)), "cron",
				"at most 120 characters");
		assertThat(api.get("/api/v1/schedules?environment=" + environment).json()).isEmpty();
	}

	@Test
	void presetsRequestedTwiceAtOnceCreateEachPresetOnceAndNeverFailWithA500() throws Exception {
		List<java.util.concurrent.Callable<Response>> calls = new ArrayList<>();
		for (int i = 0; i < 4; i++) {
			calls.add(() -> api.post("/api/v1/environments/" + environment + "/schedules/presets", Map.of()));
		}
		java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
		List<Response> answers = new ArrayList<>();
		try {
			for (java.util.concurrent.Future<Response> answer : pool.invokeAll(calls)) {
				answers.add(answer.get());
			}
		}
		finally {
			pool.shutdownNow();
		}

		assertThat(answers).allSatisfy(a -> assertThat(a.status()).as(a.toString()).isIn(201, 409));
		assertThat(answers).anySatisfy(a -> assertThat(a.status()).isEqualTo(201));
		assertThat(api.get("/api/v1/schedules?environment=" + environment).json()).hasSize(7);
	}

	@Test
	void concurrentChangesOfOneScheduleGetA409NotA500() throws Exception {
		String id = api.post("/api/v1/schedules", schedule(environment + " busy", "health-check", "0 0 6 ? * MON"))
			.json().path("id").asString();
		List<java.util.concurrent.Callable<Response>> calls = new ArrayList<>();
		for (int i = 0; i < 6; i++) {
			Map<String, Object> body = schedule(environment + " busy", "health-check", "0 " + i + " 6 ? * MON");
			calls.add(() -> api.put("/api/v1/schedules/" + id, body));
		}
		java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(6);
		List<Response> answers = new ArrayList<>();
		try {
			for (java.util.concurrent.Future<Response> answer : pool.invokeAll(calls)) {
				answers.add(answer.get());
			}
		}
		finally {
			pool.shutdownNow();
		}

		assertThat(answers).allSatisfy(a -> assertThat(a.status()).as(a.toString()).isIn(200, 409));
		assertThat(answers).filteredOn(a -> a.status() == 409)
			.allSatisfy(a -> assertThat(a.json().path("detail").asString()).contains("changed meanwhile"));
		String stored = api.get("/api/v1/schedules/" + id).json().path("cron").asString();
		assertThat(jdbc.queryForObject("select cron_expression from qrtz_cron_triggers where trigger_name = ?",
				String.class, id)).as("Quartz holds the stored timing").isEqualTo(stored);
	}

	@Test
	void previewGivesFireTimesAndDaylightSavingWarnings() {
		Response preview = api.get("/api/v1/schedules/preview?cron=0%2030%202%20*%20*%20%3F&timeZone=Europe/Berlin&count=3");

		assertThat(preview.status()).as(preview.toString()).isEqualTo(200);
		assertThat(preview.json().path("nextFireTimes")).hasSize(3);
		List<String> warnings = new ArrayList<>();
		preview.json().path("warnings").forEach(w -> warnings.add(w.asString()));
		assertThat(warnings).anySatisfy(w -> assertThat(w).contains("go forward").contains("02:30:00 does not exist"))
			.anySatisfy(w -> assertThat(w).contains("go back").contains("fires once"));

		Response bad = api.get("/api/v1/schedules/preview?cron=nonsense&timeZone=UTC");
		assertThat(bad.status()).isEqualTo(400);
		assertThat(bad.json().path("errors").get(0).path("field").asString()).isEqualTo("cron");
	}

	@Test
	void presetsAreCreatedOnceAndDevelopmentGetsNoUpdates() {
		Response created = api.post("/api/v1/environments/" + environment + "/schedules/presets",
				Map.of("timeZone", "Europe/Berlin"));

		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		Map<String, String> crons = new LinkedHashMap<>();
		created.json().forEach(s -> crons.put(s.path("name").asString().substring(environment.length() + 1),
				s.path("action").asString() + " " + s.path("cron").asString() + " " + s.path("timeZone").asString()));
		assertThat(crons).containsEntry("quarterly DR drill", "drill 0 0 2 ? 1,4,7,10 MON#1 Europe/Berlin")
			.containsEntry("monthly security update", "security-update 0 0 3 ? * WED#1 Europe/Berlin")
			.containsEntry("quarterly full update", "security-update 0 0 3 ? 1,4,7,10 SUN#3 Europe/Berlin")
			.containsKeys("nightly backup", "weekly health check", "weekly backup verification",
					"monthly backup cleanup")
			.hasSize(7);
		Response again = api.post("/api/v1/environments/" + environment + "/schedules/presets", Map.of());
		assertThat(again.status()).isEqualTo(201);
		assertThat(again.json()).as("nothing twice").isEmpty();

		String development = environment + "-dev";
		createEnvironment(development, "development");
		Response dev = api.post("/api/v1/environments/" + development + "/schedules/presets", Map.of());
		List<String> actions = new ArrayList<>();
		dev.json().forEach(s -> actions.add(s.path("action").asString()));
		assertThat(actions).hasSize(5).doesNotContain("security-update");
		assertThat(dev.json().get(0).path("timeZone").asString()).as("default zone").isEqualTo("UTC");
	}

	@Test
	void aFireStartsOneRunTriggeredByTheSchedule() {
		String name = environment + " health";
		ZonedDateTime at = ZonedDateTime.now(ZoneId.of("Europe/Berlin")).plusSeconds(4).withNano(0);
		Response created = api.post("/api/v1/schedules", schedule(name, "health-check", onceAt(at)));
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		String id = created.json().path("id").asString();

		JsonNode fire = await().atMost(Duration.ofSeconds(60)).until(() -> {
			JsonNode fires = api.get("/api/v1/schedules/" + id + "/fires").json().path("items");
			return fires.isEmpty() ? null : fires.get(0);
		}, f -> f != null);

		assertThat(fire.path("outcome").asString()).isEqualTo("STARTED");
		assertThat(fire.path("manual").asBoolean()).isFalse();
		assertThat(fire.path("triggeredBy").asString()).isEqualTo("schedule:" + name);
		assertThat(OffsetDateTime.parse(fire.path("scheduledFor").asString()).toInstant()).isEqualTo(at.toInstant());
		String runId = fire.path("runId").asString();
		JsonNode run = await().atMost(Duration.ofSeconds(120))
			.until(() -> api.get("/api/v1/runs/" + runId).json(), r -> r.path("finishedAt").isString());
		assertThat(run.path("triggeredBy").asString()).isEqualTo("schedule:" + name);
		assertThat(run.path("playbook").asString()).isEqualTo("health-check.yml");
		assertThat(run.path("status").asString()).as(run.toString()).isEqualTo("SUCCEEDED");
		assertThat(api.get("/api/v1/schedules/" + id).json().path("lastFire").path("result").asString())
			.isEqualTo("SUCCEEDED");
		assertThat(jdbc.queryForObject("select count(*) from runs where triggered_by = ?", Long.class,
				"schedule:" + name)).as("exactly one run").isEqualTo(1);
		assertThat(api.get("/api/v1/schedules/" + id).json().path("nextFireTimes")).as("a one-off schedule ends")
			.isEmpty();
	}

	@Test
	void runNowStartsTheActionAsTheCallerAndAReasonIsRecordedWhenNothingCanStart() {
		Response created = api.post("/api/v1/schedules", schedule(environment + " hc", "health-check", "0 0 6 ? * MON"));
		String id = created.json().path("id").asString();

		Response triggered = api.post("/api/v1/schedules/" + id + "/trigger", Map.of());

		assertThat(triggered.status()).as(triggered.toString()).isEqualTo(202);
		assertThat(triggered.json().path("outcome").asString()).isEqualTo("STARTED");
		assertThat(triggered.json().path("manual").asBoolean()).isTrue();
		assertThat(triggered.json().path("triggeredBy").asString()).startsWith("token:");
		assertThat(triggered.json().path("runId").asString()).isNotEmpty();

		// a drill needs drill settings: the fire is recorded as skipped with the reason, no run
		Map<String, Object> drill = schedule(environment + " drill", "drill", "0 0 2 ? 1,4,7,10 MON#1");
		String drillId = api.post("/api/v1/schedules", drill).json().path("id").asString();
		Response skipped = api.post("/api/v1/schedules/" + drillId + "/trigger", Map.of());
		assertThat(skipped.status()).isEqualTo(202);
		assertThat(skipped.json().path("outcome").asString()).isEqualTo("SKIPPED");
		assertThat(skipped.json().path("message").asString()).contains("has no drill settings");
		assertThat(skipped.json().path("runId").isNull()).isTrue();
		assertThat(api.get("/api/v1/schedules/" + drillId).json().path("lastFire").path("result").asString())
			.isEqualTo("SKIPPED");
	}

	@Test
	void aVerificationOrCleanupThatCannotStartIsSkippedWithTheReasonNotFailed() {
		for (String action : List.of("backup-verify", "backup-cleanup")) {
			String id = api.post("/api/v1/schedules", schedule(environment + " " + action, action, "0 0 4 1 * ?"))
				.json().path("id").asString();

			Response fire = api.post("/api/v1/schedules/" + id + "/trigger", Map.of());

			assertThat(fire.status()).as(fire.toString()).isEqualTo(202);
			assertThat(fire.json().path("outcome").asString()).as(action).isEqualTo("SKIPPED");
			assertThat(fire.json().path("message").asString()).contains("no backup storage configured");
			assertThat(api.get("/api/v1/schedules/" + id).json().path("lastFire").path("result").asString())
				.isEqualTo("SKIPPED");
		}
	}

	@Test
	void aPausedScheduleDoesNotFireAndResumingFiresTheMissedTimeOnce() {
		ZonedDateTime at = ZonedDateTime.now(ZoneId.of("Europe/Berlin")).plusSeconds(3).withNano(0);
		Map<String, Object> body = schedule(environment + " paused", "health-check", onceAt(at));
		body.put("paused", true);
		Response created = api.post("/api/v1/schedules", body);
		assertThat(created.json().path("paused").asBoolean()).isTrue();
		String id = created.json().path("id").asString();

		await().pollDelay(Duration.ofSeconds(6)).atMost(Duration.ofSeconds(10)).untilAsserted(() ->
				assertThat(api.get("/api/v1/schedules/" + id + "/fires").json().path("items")).isEmpty());

		Response resumed = api.post("/api/v1/schedules/" + id + "/resume", Map.of());
		assertThat(resumed.json().path("paused").asBoolean()).isFalse();
		await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
				assertThat(api.get("/api/v1/schedules/" + id + "/fires").json().path("items")).hasSize(1));
		await().pollDelay(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(6)).untilAsserted(() ->
				assertThat(api.get("/api/v1/schedules/" + id + "/fires").json().path("items")).as("once").hasSize(1));
	}

	@Test
	void onlyAdminsChangeSchedulesAndViewersOnlyRead() {
		Response token = api.post("/api/v1/tokens", Map.of("name", environment + " viewer", "role", "VIEWER"));
		ApiClient viewer = api.withToken(token.json().path("token").asString());
		Response operatorToken = api.post("/api/v1/tokens", Map.of("name", environment + " op", "role", "OPERATOR"));
		ApiClient operator = api.withToken(operatorToken.json().path("token").asString());
		Map<String, Object> body = schedule(environment + " hc2", "health-check", "0 0 6 ? * MON");

		assertThat(viewer.post("/api/v1/schedules", body).status()).isEqualTo(403);
		assertThat(operator.post("/api/v1/schedules", body).status()).isEqualTo(403);
		// the 403 names the environment where the role is missing (the one the body names), as for an existing id
		assertThat(operator.post("/api/v1/schedules", body).json().path("detail").asString())
			.isEqualTo("This action needs the ADMIN role in environment '" + environment + "'");
		assertThat(viewer.post("/api/v1/schedules", body).json().path("detail").asString())
			.isEqualTo("This action needs the ADMIN role in environment '" + environment + "'");
		String id = api.post("/api/v1/schedules", body).json().path("id").asString();
		assertThat(viewer.get("/api/v1/schedules/" + id).status()).isEqualTo(200);
		assertThat(viewer.post("/api/v1/schedules/" + id + "/pause", Map.of()).status()).isEqualTo(403);
		// resuming a fire-once schedule fires a missed time at once with the schedule's ADMIN authority: admins only
		assertThat(operator.post("/api/v1/schedules/" + id + "/pause", Map.of()).status()).isEqualTo(403);
		assertThat(operator.delete("/api/v1/schedules/" + id).status()).isEqualTo(403);
		assertThat(operator.delete("/api/v1/schedules/" + id).json().path("detail").asString())
			.isEqualTo("This action needs the ADMIN role in environment '" + environment + "'");
		assertThat(operator.post("/api/v1/schedules/" + id + "/trigger", Map.of()).status()).isEqualTo(202);
		assertThat(api.post("/api/v1/schedules/" + id + "/pause", Map.of()).status()).isEqualTo(200);
		assertThat(api.get("/api/v1/schedules/" + id).json().path("paused").asBoolean()).isTrue();
	}


	@Test
	void anEnvironmentWithoutASuccessfulDrillIsOverdueOnTheDashboardAndInTheMetrics() throws Exception {
		await().atMost(Duration.ofSeconds(40)).untilAsserted(() -> {
			String metrics = api.get("/actuator/prometheus").body();
			assertThat(metrics).contains("opsdeck_drill_overdue{environment=\"" + environment + "\"} 1.0")
				.contains("opsdeck_drill_last_success_timestamp_seconds{environment=\"" + environment + "\"} 0.0");
		});
		String dashboard = mvc.perform(get("/").with(user("admin").roles("ADMIN")))
			.andReturn().getResponse().getContentAsString();
		assertThat(dashboard).contains("data-testid=\"drill-overdue-" + environment + "\"");
	}


	@Test
	void theScheduleApiIsDescribedInOpenApi() {
		JsonNode paths = api.get("/v3/api-docs").json().path("paths");
		for (String path : new String[] { "/api/v1/schedules", "/api/v1/schedules/{id}", "/api/v1/schedules/{id}/pause",
				"/api/v1/schedules/{id}/resume", "/api/v1/schedules/{id}/trigger", "/api/v1/schedules/{id}/fires",
				"/api/v1/schedules/preview", "/api/v1/environments/{name}/schedules/presets" }) {
			assertThat(paths.has(path)).as(path).isTrue();
		}
		assertThat(paths.path("/api/v1/schedules").has("post")).isTrue();
		assertThat(paths.path("/api/v1/schedules/{id}").has("put")).isTrue();
		assertThat(paths.path("/api/v1/schedules/{id}").has("delete")).isTrue();
		JsonNode put = paths.path("/api/v1/schedules/{id}").path("put");
		assertThat(put.path("responses").has("412")).as(put.toString()).isTrue();
		assertThat(put.path("responses").has("200")).as(put.toString()).isTrue();
		assertThat(put.path("parameters").findValuesAsString("name")).contains("If-Match");
	}

	@Test
	void aSecondEditFromTheSameReadGets412AndDoesNotOverwriteTheFirst() {
		Map<String, Object> body = schedule(environment + " weekly health", "health-check", "0 0 4 ? * MON");
		Response created = api.post("/api/v1/schedules", body);
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		assertThat(created.header("ETag")).isNull();
		Map<String, Object> pipeline = new LinkedHashMap<>(body);
		pipeline.put("cron", "0 0 5 ? * MON");
		pipeline.put("description", "moved by the pipeline");
		Map<String, Object> operator = new LinkedHashMap<>(body);
		operator.put("description", "the operator's note");

		LostUpdates.assertTheSecondEditFromTheSameReadIsRefused(api,
				"/api/v1/schedules/" + created.json().path("id").asString(), pipeline, operator, "description");
	}

	@Test
	void aStaleFormSaveKeepsTheInputShowsWhoChangedItAndTheNextSaveOverwrites() throws Exception {
		Map<String, Object> body = schedule(environment + " nightly health", "health-check", "0 0 3 * * ?");
		String id = api.post("/api/v1/schedules", body).json().path("id").asString();
		String form = mvc.perform(get("/schedules/" + id + "/edit").with(user("admin").roles("ADMIN")))
			.andReturn().getResponse().getContentAsString();
		long opened = api.get("/api/v1/schedules/" + id).json().path("version").asLong();
		assertThat(form).contains("name=\"version\" value=\"" + opened + "\"");
		body.put("cron", "0 30 3 * * ?");
		body.put("description", "changed through the API meanwhile");
		long current = api.put("/api/v1/schedules/" + id, body).json().path("version").asLong();

		String stale = mvc.perform(saveForm(id, opened)).andReturn().getResponse().getContentAsString();

		assertThat(stale).contains("This schedule was changed by someone else since you opened it: ")
			.contains(" nightly health&#39; is now version " + current + ", saved by token:")
			.contains("review and save again")
			.contains("value=\"0 15 1 * * ?\"")
			.contains("my own note")
			.contains("name=\"version\" value=\"" + current + "\"");
		JsonNode stored = api.get("/api/v1/schedules/" + id).json();
		assertThat(stored.path("cron").asString()).as("nothing written").isEqualTo("0 30 3 * * ?");

		mvc.perform(saveForm(id, current))
			.andExpect(org.springframework.test.web.servlet.result.MockMvcResultMatchers
				.redirectedUrl("/schedules/" + id));
		assertThat(api.get("/api/v1/schedules/" + id).json().path("description").asString()).isEqualTo("my own note");
	}

	/** The edit form as a user fills it in after opening it at {@code version}. */
	private org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder saveForm(String id,
			long version) {
		return post("/schedules/" + id + "/edit").with(user("admin").roles("ADMIN"))
			.with(csrf())
			.param("name", environment + " nightly health")
			.param("environment", environment)
			.param("action", "health-check")
			.param("cron", "0 15 1 * * ?")
			.param("timeZone", "Europe/Berlin")
			.param("misfirePolicy", "fire-once")
			.param("recoveryPolicy", "none")
			.param("recoveryWindowMinutes", "60")
			.param("description", "my own note")
			.param("version", Long.toString(version));
	}

}
