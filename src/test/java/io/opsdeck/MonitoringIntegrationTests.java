package io.opsdeck;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.opsdeck.support.ApiClient;
import io.opsdeck.support.ApiClient.Response;
import io.opsdeck.support.DrillFixtures;
import io.opsdeck.support.IntegrationTest;
import io.opsdeck.support.NodeExporter;
import io.opsdeck.support.S3Server;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.util.ReflectionTestUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Every metric name of the operations contract (docs/design/operations-contract.md, "Metrics") is on
 * {@code /actuator/prometheus} with its labels once there is data for it, and every Opsdeck metric that the alert
 * rules and the Grafana dashboard in docs/monitoring/ use is one Opsdeck exposes, so they cannot drift apart. The
 * data is made the way production makes it where that is cheap (a run, a backup in a real S3-compatible store,
 * a schedule) and written to the tables where it is not (a judged drill, a patch report, a scheduled fire); the
 * gauges' periodic refresh is then called rather than waited for.
 */
@IntegrationTest
class MonitoringIntegrationTests {

	/**
	 * Contract names with the labels each series must carry. Add a name here when a module starts exposing it.
	 */
	static final Map<String, List<String>> CONTRACT = new LinkedHashMap<>();

	static {
		CONTRACT.put("opsdeck_runs_total", List.of("kind", "status", "environment"));
		CONTRACT.put("opsdeck_run_duration_seconds_bucket", List.of("kind", "status", "le"));
		CONTRACT.put("opsdeck_run_duration_seconds_count", List.of("kind", "status"));
		CONTRACT.put("opsdeck_run_duration_seconds_sum", List.of("kind", "status"));
		CONTRACT.put("opsdeck_drill_duration_seconds", List.of("environment"));
		CONTRACT.put("opsdeck_drill_rto_target_seconds", List.of("environment"));
		CONTRACT.put("opsdeck_drill_last_success_timestamp_seconds", List.of("environment"));
		CONTRACT.put("opsdeck_drill_overdue", List.of("environment"));
		CONTRACT.put("opsdeck_backup_newest_age_seconds", List.of("environment"));
		CONTRACT.put("opsdeck_health_check_status", List.of("server", "check", "environment"));
		CONTRACT.put("opsdeck_patch_pending_security_updates", List.of("server"));
		CONTRACT.put("opsdeck_reboot_required", List.of("server"));
		CONTRACT.put("opsdeck_reboot_required_since_timestamp_seconds", List.of("server"));
		CONTRACT.put("opsdeck_output_subscribers", List.of());
		CONTRACT.put("opsdeck_schedule_last_fire_timestamp_seconds", List.of("schedule"));
		CONTRACT.put("opsdeck_schedule_next_fire_timestamp_seconds", List.of("schedule"));
	}

	private static final Pattern OPSDECK_NAME = Pattern.compile("\\bopsdeck_[a-z0-9_]+");

	private static final DateTimeFormatter BACKUP_TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd-HHmmss")
		.withZone(ZoneOffset.UTC);

	@LocalServerPort
	int port;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	ApplicationContext context;

	@Test
	void requestsAreTimedWithoutALongTaskTimerPerRequest() {
		ApiClient api = new ApiClient(port, IntegrationTest.ADMIN_TOKEN);
		assertThat(api.get("/api/v1/runs").status()).isEqualTo(200);
		String metrics = api.get("/actuator/prometheus").body();
		assertThat(metrics).containsPattern("(?m)^http_server_requests_seconds_count\\{[^}]*uri=\"/api/v1/runs\"[^}]*} ")
			.doesNotContain("http_server_requests_active_seconds")
			.doesNotContainPattern("(?m)^[a-z_]+_active_seconds_(count|sum|max)\\{");
	}

	@Test
	void everyContractMetricIsExposedWithItsLabelsAndTheRulesAndDashboardUseOnlyExposedOnes() throws IOException {
		ApiClient api = new ApiClient(port, IntegrationTest.ADMIN_TOKEN);
		String environment = "monitoring-" + UUID.randomUUID().toString().substring(0, 6);
		assertThat(api.post("/api/v1/environments", Map.of("name", environment, "kind", "staging", "cloudProvider",
				"aws", "region", "eu-central-1")).status()).isEqualTo(201);
		Response server = api.post("/api/v1/servers", Map.of("name", environment + "-local", "host", "127.0.0.1",
				"username", "root", "environment", environment, "connection", "local"));
		assertThat(server.status()).as(server.toString()).isEqualTo(201);
		String serverId = server.json().path("id").asString();

		// a run that ends: runs_total and the duration histogram
		String run = api.post("/api/v1/runs", Map.of("kind", "ssh", "command", "echo monitoring", "servers",
				List.of(serverId))).json().path("id").asString();
		await().atMost(Duration.ofSeconds(60))
			.until(() -> "SUCCEEDED".equals(api.get("/api/v1/runs/" + run).json().path("status").asString()));

		// a judged, timed drill and a patch report that asks for a reboot since 8 days
		Instant now = Instant.now();
		jdbc.update("insert into drills (id, environment, type, status, run_id, backup_timestamp, backup_key,"
				+ " backup_size, backup_taken_at, manifest_present, rpo_seconds, rto_target_seconds, duration_seconds,"
				+ " triggered_by, created_at, finished_at) values (?, ?, 'FULL', 'SUCCEEDED', ?, '2026-01-01-000000',"
				+ " 'x/2026-01-01-000000/db.dump', 1, ?, true, 60, 1800, 1234.5, 'test', ?, ?)", UUID.randomUUID(),
				environment, UUID.fromString(run), Timestamp.from(now), Timestamp.from(now), Timestamp.from(now));
		jdbc.update("insert into server_patch_state (server_id, pending_security, reboot_required,"
				+ " reboot_required_since, last_checked_at, updated_at) values (?::uuid, 3, true, ?, ?, ?)", serverId,
				Timestamp.from(now.minus(Duration.ofDays(8))), Timestamp.from(now), Timestamp.from(now));

		// a stored health check of the server whose disk was critical
		UUID healthResult = UUID.randomUUID();
		jdbc.update("insert into health_results (id, run_id, server_id, status, checked_at) values (?, ?, ?::uuid,"
				+ " 'CRITICAL', ?)", healthResult, UUID.fromString(run), serverId, Timestamp.from(now));
		jdbc.update("insert into health_check_results (result_id, check_name, status, detail) values (?, 'disk',"
				+ " 'CRITICAL', '/ 95 % used')", healthResult);
		refresh("healthMetrics", "refresh");

		// a schedule that the scheduler fired an hour ago
		Map<String, Object> schedule = new LinkedHashMap<>();
		schedule.put("name", environment + " nightly health");
		schedule.put("action", "health-check");
		schedule.put("environment", environment);
		schedule.put("cron", "0 0 3 * * ?");
		schedule.put("timeZone", "UTC");
		Response created = api.post("/api/v1/schedules", schedule);
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		jdbc.update("insert into schedule_fires (id, schedule_id, scheduled_for, fired_at, finished_at, manual,"
				+ " triggered_by, node, outcome) values (?, ?::uuid, ?, ?, ?, false, 'test', 'test', 'SKIPPED')",
				UUID.randomUUID(), created.json().path("id").asString(), Timestamp.from(now.minusSeconds(3600)),
				Timestamp.from(now.minusSeconds(3600)), Timestamp.from(now.minusSeconds(3600)));

		// in a real S3-compatible store: a verified backup taken two hours ago, a newer one without manifest (broken)
		// and one whose timestamp is a day in the future (a wrong clock): only the first counts
		String dark = environment + "-dark";
		assertThat(api.post("/api/v1/environments", Map.of("name", dark, "kind", "staging", "cloudProvider",
				"aws", "region", "eu-central-1")).status()).isEqualTo(201);
		try (S3Server s3 = S3Server.start("127.0.0.103")) {
			s3.createBucket("monitoring");
			byte[] dump = "dump".getBytes();
			for (Duration ago : List.of(Duration.ofHours(2), Duration.ofDays(-1))) {
				String timestamp = BACKUP_TIMESTAMP.format(now.minus(ago));
				s3.put("monitoring", environment + "/" + timestamp + "/db.dump", dump);
				s3.put("monitoring", environment + "/" + timestamp + "/manifest.json",
						DrillFixtures.manifest(timestamp, "opsdeck", Map.of(), dump, null, null));
			}
			s3.put("monitoring", environment + "/" + BACKUP_TIMESTAMP.format(now.minus(Duration.ofHours(1)))
					+ "/db.dump", dump);
			Response storage = api.put("/api/v1/environments/" + environment + "/backup-storage",
					s3.storageSettings("monitoring", environment));
			assertThat(storage.status()).as(storage.toString()).isEqualTo(200);
			// storage that has never answered since start: nothing listed, still a series
			Map<String, Object> unreachable = s3.storageSettings("monitoring", dark);
			unreachable.put("endpoint", "http://127.0.0.103:" + NodeExporter.freePort("127.0.0.103"));
			Response darkStorage = api.put("/api/v1/environments/" + dark + "/backup-storage", unreachable);
			assertThat(darkStorage.status()).as(darkStorage.toString()).isEqualTo(200);
			refresh("backupMetrics", "relist");
		}
		refresh("drillMetrics", "refresh");
		refresh("patchMetrics", "refresh");
		refresh("scheduleMetrics", "refresh");

		String scrape = api.get("/actuator/prometheus").body();
		for (Map.Entry<String, List<String>> metric : CONTRACT.entrySet()) {
			List<String> series = scrape.lines().filter(line -> line.startsWith(metric.getKey() + "{")
					|| line.startsWith(metric.getKey() + " ")).toList();
			assertThat(series).as(metric.getKey()).isNotEmpty();
			for (String label : metric.getValue()) {
				assertThat(series).as(metric.getKey() + " label " + label)
					.anyMatch(line -> line.contains(label + "=\""));
			}
		}
		assertThat(scrape)
			.contains("opsdeck_runs_total{environment=\"" + environment + "\",kind=\"ssh\",status=\"SUCCEEDED\"}")
			.contains("opsdeck_drill_duration_seconds{environment=\"" + environment + "\"} 1234.5")
			.contains("opsdeck_drill_rto_target_seconds{environment=\"" + environment + "\"} 1800")
			.contains("opsdeck_patch_pending_security_updates{environment=\"" + environment + "\",server=\""
					+ environment + "-local\"} 3")
			.contains("opsdeck_run_duration_seconds_bucket{kind=\"ssh\",status=\"SUCCEEDED\",le=\"1.0\"}")
			.containsPattern("opsdeck_schedule_last_fire_timestamp_seconds\\{schedule=\"" + environment
					+ " nightly health\"\\} [1-9]")
			.containsPattern("opsdeck_schedule_next_fire_timestamp_seconds\\{schedule=\"" + environment
					+ " nightly health\"\\} [1-9]");
		Matcher age = Pattern.compile("opsdeck_backup_newest_age_seconds\\{environment=\"" + environment
				+ "\"\\} ([0-9.E]+)").matcher(scrape);
		assertThat(age.find()).as("backup age series").isTrue();
		assertThat(Double.parseDouble(age.group(1))).isBetween(7100.0, 7400.0);
		assertThat(scrape).contains("opsdeck_backup_newest_age_seconds{environment=\"" + dark + "\"} +Inf");
		api.delete("/api/v1/environments/" + environment + "/backup-storage");
		api.delete("/api/v1/environments/" + dark + "/backup-storage");

		// the alert rules and the dashboard only use names Opsdeck exposes
		Set<String> exposed = new TreeSet<>();
		scrape.lines().filter(line -> line.startsWith("opsdeck_"))
			.forEach(line -> exposed.add(line.split("[{ ]", 2)[0]));
		Path docs = Path.of("docs/monitoring");
		for (String file : List.of("opsdeck-alerts.yml", "opsdeck-dashboard.json")) {
			Set<String> used = new TreeSet<>();
			Matcher names = OPSDECK_NAME.matcher(Files.readString(docs.resolve(file)));
			while (names.find()) {
				used.add(names.group());
			}
			assertThat(used).as(file + " uses Opsdeck metrics").isNotEmpty();
			assertThat(exposed).as(file).containsAll(used);
		}

		// the endpoint needs a sign-in or a token of any role (README, docs/security.md)
		assertThat(new ApiClient(port, null).get("/actuator/prometheus").status()).isEqualTo(401);
		Response viewer = api.post("/api/v1/tokens", Map.of("name", environment + "-scraper", "role", "VIEWER",
				"expiresInDays", 1));
		assertThat(api.withToken(viewer.json().path("token").asString()).get("/actuator/prometheus").status())
			.isEqualTo(200);
	}

	/** Runs a gauge's periodic refresh now (the beans are package-private in their modules). */
	private void refresh(String bean, String method) {
		ReflectionTestUtils.invokeMethod(context.getBean(bean), method);
	}

}
