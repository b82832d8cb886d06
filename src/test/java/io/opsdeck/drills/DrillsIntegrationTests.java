package io.opsdeck.drills;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import io.opsdeck.support.ApiClient;
import io.opsdeck.support.Browser;
import io.opsdeck.support.DocsOutput;
import io.opsdeck.support.DrillFixtures;
import io.opsdeck.support.IntegrationTest;
import io.opsdeck.support.Scripts;
import io.opsdeck.support.PostgresServer;
import io.opsdeck.support.S3Server;
import io.opsdeck.support.SshdServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Disaster-recovery drills end to end on real parts, driven through the REST API as CI would: the application on its
 * embedded PostgreSQL; a real S3 server (s3proxy) on 127.0.0.32 holding backups in Opsdeck's layout; a real
 * PostgreSQL 15 on 127.0.0.31 holding the environment's database {@code app}; a real OpenSSH sshd on 127.0.0.30 as
 * the drill server; the real {@code disaster-recovery.yml} run by the real {@code ansible-playbook}.
 */
@IntegrationTest
class DrillsIntegrationTests {

	private static final String BUCKET = "acme-backups";

	private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd-HHmmss");

	private static final String APP_HOST = "127.0.0.33";

	private static final Duration PAGE = Duration.ofSeconds(15);

	private static final Duration PLAYBOOK = Duration.ofMinutes(3); // as awaitEnd: a loaded machine

	private static final List<String> STEPS = List.of("validation", "download", "safety-backup", "database-restore",
			"media-restore", "app-start", "health-checks", "report");

	private static SshdServer sshd;

	private static PostgresServer pg;

	private static S3Server s3;

	private static Path root;

	private static Map<String, String> production;

	private static Map<String, String> productionMedia;

	/** Backups by what they are for: good, manifest-less, corrupted, lacking media, failing pg_restore. */
	private static String good;

	private static String noManifest;

	private static String corrupted;

	private static String lacksMedia;

	private static String legacy;

	private static String environment;

	private static String serverName;

	private static int appPort;

	@LocalServerPort
	int port;

	ApiClient api;

	@BeforeAll
	static void startServersAndUploadBackups() throws IOException {
		assumeTrue(SshdServer.isAvailable() && PostgresServer.isAvailable(), "needs sshd and PostgreSQL 15");
		root = Files.createTempDirectory("opsdeck-drills-");
		sshd = SshdServer.start("127.0.0.30");
		pg = PostgresServer.start("127.0.0.31");
		s3 = S3Server.start("127.0.0.32");
		s3.createBucket(BUCKET);
		environment = "drills-" + UUID.randomUUID().toString().substring(0, 6);

		DrillFixtures.createProduction(pg, "production");
		production = DrillFixtures.snapshot(pg, "production");
		byte[] dump = DrillFixtures.dump(pg, "production", root);
		Path source = root.resolve("media-source");
		DrillFixtures.createMedia(source);
		productionMedia = DrillFixtures.mediaContent(source);
		byte[] media = DrillFixtures.tarball(source, root);
		long[] mediaStats = DrillFixtures.mediaStats(source);
		Map<String, Long> rows = DrillFixtures.rowCounts(pg, "production");

		LocalDateTime now = LocalDateTime.now(ZoneOffset.UTC).withNano(0);
		good = STAMP.format(now.minusHours(2));
		upload(good, dump, media, DrillFixtures.manifest(good, "production", rows, dump, media, mediaStats));
		noManifest = STAMP.format(now.minusHours(3));
		upload(noManifest, dump, media, null);
		corrupted = STAMP.format(now.minusHours(4));
		byte[] damaged = dump.clone();
		damaged[damaged.length / 2] ^= 0x55;
		upload(corrupted, damaged, media, DrillFixtures.manifest(corrupted, "production", rows, dump, media, mediaStats));
		lacksMedia = STAMP.format(now.minusHours(5));
		upload(lacksMedia, dump, null, DrillFixtures.manifest(lacksMedia, "production", rows, dump, media, mediaStats));

		pg.sql("postgres", "CREATE ROLE drill_legacy_owner");
		pg.createDatabase("legacy");
		pg.sql("legacy", "CREATE TABLE ledger (id int); INSERT INTO ledger VALUES (1); ALTER TABLE ledger OWNER TO drill_legacy_owner;");
		byte[] legacyDump = DrillFixtures.dump(pg, "legacy", root);
		pg.dropDatabase("legacy");
		pg.sql("postgres", "DROP ROLE drill_legacy_owner");
		legacy = STAMP.format(now.minusHours(6));
		upload(legacy, legacyDump, null,
				DrillFixtures.manifest(legacy, "legacy", Map.of("public.ledger", 1L), legacyDump, null, null));
	}

	private static void upload(String timestamp, byte[] dump, byte[] media, byte[] manifest) {
		String folder = environment + "/" + timestamp + "/";
		s3.put(BUCKET, folder + "db.dump", dump);
		if (media != null) {
			s3.put(BUCKET, folder + "media.tar.gz", media);
		}
		if (manifest != null) {
			s3.put(BUCKET, folder + "manifest.json", manifest);
		}
	}

	@AfterAll
	static void stopServers() throws IOException {
		stopApp();
		if (s3 != null) {
			s3.close();
		}
		if (pg != null) {
			pg.close();
		}
		if (sshd != null) {
			sshd.close();
		}
		if (root != null) {
			exec("rm", "-rf", root.toString());
		}
		// the safety dumps the drills kept on the "server" (this machine), one directory per environment
		if (environment != null) {
			exec("rm", "-rf", "/var/tmp/opsdeck-drill-safety/" + environment);
		}
	}

	@BeforeEach
	void setUp() throws IOException {
		api = new ApiClient(port, IntegrationTest.ADMIN_TOKEN);
		if (serverName == null) {
			registerEnvironment();
		}
		stopApp();
		// the current state a drill replaces: another database and other media
		pg.dropDatabase("app");
		pg.createDatabase("app");
		pg.sql("app", "CREATE TABLE stale (x int); INSERT INTO stale VALUES (1), (2);");
		Path mediaDir = mediaDir();
		exec("rm", "-rf", mediaDir.toString());
		Files.createDirectories(mediaDir);
		Files.writeString(mediaDir.resolve("old.txt"), "media from before the drill\n");
		Files.writeString(root.resolve("srv/app/health"), "ok\n");
		saveSettings(true);
	}

	private void registerEnvironment() {
		assertThat(api.post("/api/v1/environments",
				Map.of("name", environment, "kind", "staging", "cloudProvider", "digitalocean", "region", "fra1"))
			.status()).isEqualTo(201);
		Map<String, Object> credential = new LinkedHashMap<>();
		credential.put("name", environment + "-key");
		credential.put("type", "ssh-key");
		credential.put("privateKey", sshd.clientPrivateKey());
		String credentialId = api.post("/api/v1/credentials", credential).json().path("id").asText();
		serverName = environment + "-db";
		Map<String, Object> server = new LinkedHashMap<>();
		server.put("name", serverName);
		server.put("host", sshd.host());
		server.put("port", sshd.port());
		server.put("username", sshd.username());
		server.put("environment", environment);
		server.put("credentialId", credentialId);
		server.put("hostKeyPolicy", "strict");
		server.put("hostKeyFingerprint", sshd.hostKeyFingerprint());
		assertThat(api.post("/api/v1/servers", server).status()).isEqualTo(201);
		ApiClient.Response saved = api.put("/api/v1/environments/" + environment + "/backup-storage",
				s3.storageSettings(BUCKET, environment));
		assertThat(saved.status()).as(saved.body()).isEqualTo(200);
		appPort = freePort();
	}

	private void saveSettings(boolean restoreNoOwner) {
		Map<String, Object> database = new LinkedHashMap<>();
		database.put("name", "app");
		database.put("mode", "host");
		database.put("user", "postgres");
		database.put("host", pg.host());
		database.put("port", pg.port());
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("server", serverName);
		body.put("database", database);
		body.put("mediaDir", mediaDir().toString());
		body.put("appDir", root.resolve("srv/app").toString());
		body.put("startCommand", "setsid -f sh -c 'echo $$ > " + root.resolve("app.pid") + "; exec python3 -m http.server "
				+ appPort + " --bind " + APP_HOST + "' > /dev/null 2>&1 < /dev/null");
		body.put("healthUrl", "http://" + APP_HOST + ":" + appPort + "/health");
		body.put("healthTimeoutSeconds", 30);
		body.put("rtoTargetSeconds", 1800);
		body.put("restoreJobs", 2);
		body.put("restoreNoOwner", restoreNoOwner);
		ApiClient.Response saved = api.put("/api/v1/environments/" + environment + "/drill-settings", body);
		assertThat(saved.status()).as(saved.body()).isEqualTo(200);
	}

	@Test
	void fullDrillRestoresDataAndMediaStartsTheApplicationAndMeetsThePolicy() throws Exception {
		Instant before = Instant.now();
		ApiClient.Response started = api.post("/api/v1/drills",
				Map.of("environment", environment, "type", "full", "backupTimestamp", good));
		assertThat(started.status()).as(started.body()).isEqualTo(202);
		assertThat(started.json().path("status").asText()).isEqualTo("QUEUED");
		assertThat(started.header("Location")).isEqualTo("/api/v1/drills/" + started.json().path("id").asText());

		JsonNode drill = awaitEnd(started.json().path("id").asText());

		assertThat(drill.path("status").asText()).as(drill.toString()).isEqualTo("SUCCEEDED");
		assertThat(drill.path("compliance").asText()).isEqualTo("PolicyMet");
		assertThat(drill.path("rtoTargetSeconds").asInt()).isEqualTo(1800);
		List<String> names = new ArrayList<>();
		double sum = 0;
		for (JsonNode step : drill.path("steps")) {
			names.add(step.path("name").asText());
			assertThat(step.path("status").asText()).as(step.toString()).isEqualTo("succeeded");
			assertThat(step.path("startedAt").isTextual()).isTrue();
			sum += step.path("durationSeconds").asDouble();
		}
		assertThat(names).isEqualTo(STEPS);
		assertThat(drill.path("steps").get(2).path("message").asText())
			.contains("/var/tmp/opsdeck-drill-safety/" + environment + "/app-");
		double total = drill.path("durationSeconds").asDouble();
		assertThat(total).isPositive();
		assertThat(sum).isCloseTo(total, within(0.5));
		long expectedRpo = Duration.between(LocalDateTime.parse(good, STAMP).toInstant(ZoneOffset.UTC), before).toSeconds();
		assertThat(drill.path("rpoSeconds").asLong()).isBetween(expectedRpo - 5, expectedRpo + 60);
		assertThat(drill.path("backup").path("timestamp").asText()).isEqualTo(good);
		assertThat(drill.path("backup").path("key").asText()).isEqualTo(environment + "/" + good + "/db.dump");
		assertThat(drill.path("backup").path("sha256").asText()).hasSize(64);

		// the data: identical row counts and content, extensions, media in place, the application answers
		assertThat(DrillFixtures.snapshot(pg, "app")).isEqualTo(production);
		assertThat(pg.value("app", "SELECT count(*) FROM pg_extension WHERE extname IN ('citext', 'pgcrypto')")).isEqualTo("2");
		assertThat(DrillFixtures.mediaContent(mediaDir())).isEqualTo(productionMedia);
		assertThat(httpGet("http://" + APP_HOST + ":" + appPort + "/health")).isEqualTo(200);
		List<String> checkedTables = new ArrayList<>();
		for (JsonNode check : drill.path("checks")) {
			assertThat(check.path("ok").asBoolean()).as(check.toString()).isTrue();
			if (check.path("kind").asText().equals("table-rows")) {
				checkedTables.add(check.path("name").asText());
			}
		}
		assertThat(checkedTables).containsExactlyInAnyOrderElementsOf(DrillFixtures.TABLES);
		assertThat(drill.path("checks").findValuesAsString("kind")).contains("media-files", "media-bytes");

		// the report: Markdown by content negotiation, also written to the report directory; JSON with a forecast
		String id = drill.path("id").asText();
		java.net.http.HttpResponse<String> markdown = api.http()
			.send(api.request("/api/v1/drills/" + id + "/report").header("Accept", "text/markdown").GET().build(),
					java.net.http.HttpResponse.BodyHandlers.ofString());
		assertThat(markdown.statusCode()).isEqualTo(200);
		assertThat(markdown.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("text/markdown"));
		assertThat(markdown.body()).contains("# Disaster Recovery Drill Report: " + environment)
			.contains("SUCCEEDED (success)")
			.contains("| Target compliance | PolicyMet |")
			.contains("## Component status")
			.contains("| database-restore | succeeded |")
			.contains("public.users")
			.contains("## RTO forecast");
		JsonNode report = api.get("/api/v1/drills/" + id + "/report").json();
		assertThat(report.path("drill").path("id").asText()).isEqualTo(id);
		assertThat(report.path("forecast").path("drills").asInt()).isGreaterThanOrEqualTo(1);
		Path written;
		try (Stream<Path> files = Files.list(Path.of("target/dr-reports"))) {
			written = files.filter(f -> f.getFileName().toString().startsWith("dr-report-" + environment)
					&& f.getFileName().toString().endsWith("-full-" + id.substring(0, 8) + ".md")).findFirst().orElseThrow();
		}
		assertThat(Files.readString(written)).contains(id);
		assertThat(api.get("/api/v1/environments/" + environment + "/rto-forecast").status()).isEqualTo(200);

		// the quarterly drill is done: the environment is no longer overdue, on the metrics either
		org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(40)).untilAsserted(() -> {
			String metrics = api.get("/actuator/prometheus").body();
			assertThat(metrics).contains("opsdeck_drill_overdue{environment=\"" + environment + "\"} 0.0");
			assertThat(metrics).containsPattern("opsdeck_drill_last_success_timestamp_seconds\\{environment=\""
					+ environment + "\"\\} [1-9]");
		});

		// no presigned URL leaked into the stored output
		String log = api.get("/api/v1/runs/" + drill.path("runId").asText() + "/log").body();
		assertThat(log).doesNotContain("X-Amz-Signature").doesNotContain(S3Server.SECRET_ACCESS_KEY);
	}

	@Test
	void databaseOnlyLeavesMediaAloneAndAConnectedClientDoesNotStopIt() throws Exception {
		try (Connection held = DriverManager.getConnection(pg.jdbcUrl("app"), "postgres", "");
				Statement statement = held.createStatement()) {
			statement.execute("BEGIN");
			try (ResultSet rows = statement.executeQuery("SELECT count(*) FROM stale")) {
				rows.next();
			}
			JsonNode drill = startAndAwait("database-only", good);

			assertThat(drill.path("status").asText()).as(drill.toString()).isEqualTo("SUCCEEDED");
			// the database is replaced, the media left alone, the application started and checked again
			assertThat(stepStatuses(drill)).containsExactly("succeeded", "succeeded", "succeeded", "succeeded",
					"skipped", "succeeded", "succeeded", "succeeded");
		}
		assertThat(DrillFixtures.snapshot(pg, "app")).isEqualTo(production);
		assertThat(Files.readString(mediaDir().resolve("old.txt"))).isEqualTo("media from before the drill\n");
	}

	/**
	 * One validation-only drill (a playbook run of 15-20 s on CI) proves three things: without a timestamp it checks
	 * the newest backup and changes nothing; while it runs, the environment is busy for a second drill and a backup
	 * (409 naming the running one); afterwards the lists show it.
	 */
	@Test
	void validationOnlyChecksTheNewestBackupChangesNothingAndKeepsTheEnvironmentBusyWhileItRuns() throws Exception {
		Map<String, String> database = DrillFixtures.snapshot(pg, "app");
		Map<String, String> media = DrillFixtures.mediaContent(mediaDir());
		String newest = api.get("/api/v1/environments/" + environment + "/backups").json().get(0).path("timestamp").asText();
		// what a cancelled drill left three days ago, and what a drill of another environment is using now
		Path stale = Files.createDirectories(Path.of("/var/tmp/opsdeck-drill-0ddba11c0ffe"));
		Files.writeString(stale.resolve("db.dump"), "an old copy of production");
		Files.setLastModifiedTime(stale, java.nio.file.attribute.FileTime.from(Instant.now().minus(Duration.ofDays(3))));
		Path busy = Files.createDirectories(Path.of("/var/tmp/opsdeck-drill-0ddba11cbeef"));

		// no backupTimestamp: the newest backup
		ApiClient.Response first = api.post("/api/v1/drills", Map.of("environment", environment, "type", "validation-only"));
		assertThat(first.status()).as(first.body()).isEqualTo(202);

		// a second drill on the environment, and a backup, get 409 naming the running one
		ApiClient.Response second = api.post("/api/v1/drills", Map.of("environment", environment, "type", "full"));
		ApiClient.Response backup = api.post("/api/v1/environments/" + environment + "/backups", Map.of());
		assertThat(second.status()).as(second.body()).isEqualTo(409);
		assertThat(second.json().path("detail").asText()).contains("busy").contains("DR drill (validation-only)")
			.contains(first.json().path("runId").asText());
		assertThat(backup.status()).isEqualTo(409);

		JsonNode drill = awaitEnd(first.json().path("id").asText());

		assertThat(drill.path("backup").path("timestamp").asText()).isEqualTo(newest);
		JsonNode list = api.get("/api/v1/drills?environment=" + environment).json();
		assertThat(list.path("items").findValuesAsString("id")).contains(drill.path("id").asText());
		assertThat(list.path("items").get(0).path("environment").asText()).isEqualTo(environment);
		assertThat(stale).doesNotExist();
		assertThat(busy).exists();
		Files.delete(busy);

		assertThat(drill.path("status").asText()).as(drill.toString()).isEqualTo("SUCCEEDED");
		assertThat(stepStatuses(drill).subList(0, 2)).containsExactly("succeeded", "succeeded");
		assertThat(stepStatuses(drill).subList(2, 7)).containsOnly("skipped");
		assertThat(drill.path("checks").findValuesAsString("kind")).contains("sha256");
		assertThat(DrillFixtures.snapshot(pg, "app")).isEqualTo(database).containsKey("public.stale");
		assertThat(DrillFixtures.mediaContent(mediaDir())).isEqualTo(media);
		String workDir = api.get("/api/v1/runs/" + drill.path("runId").asText()).json().path("parameters").path("extraVars").path("drill_work_dir").asText();
		assertThat(workDir).startsWith("/var/tmp/opsdeck-drill-");
		assertThat(Path.of(workDir)).doesNotExist();
	}

	@Test
	void aCorruptedDumpFailsBeforeTheDatabaseIsTouched() throws Exception {
		Map<String, String> database = DrillFixtures.snapshot(pg, "app");

		JsonNode drill = startAndAwait("full", corrupted);

		assertThat(drill.path("status").asText()).isEqualTo("FAILED");
		assertThat(drill.path("compliance").asText()).isEqualTo("PolicyBreached");
		JsonNode failed = failedStep(drill);
		assertThat(failed.path("name").asText()).isIn("validation", "download");
		assertThat(failed.path("message").asText()).containsIgnoringCase("sha256").contains("db.dump");
		assertThat(DrillFixtures.snapshot(pg, "app")).isEqualTo(database);
		assertThat(drill.path("recommendations").get(0).asText()).startsWith("Fix the " + failed.path("name").asText());
	}

	@Test
	void aMissingObjectFailsValidationNamingIt() throws Exception {
		JsonNode drill = startAndAwait("full", lacksMedia);

		assertThat(drill.path("status").asText()).isEqualTo("FAILED");
		JsonNode failed = failedStep(drill);
		assertThat(failed.path("name").asText()).isEqualTo("validation");
		assertThat(failed.path("message").asText()).contains("media.tar.gz");
		assertThat(stepStatuses(drill).subList(1, 7)).containsOnly("skipped");
	}

	@Test
	void pgRestoreErrorsFailTheDrillWithTheErrorInTheReport() throws Exception {
		saveSettings(false);

		JsonNode drill = startAndAwait("database-only", legacy);

		assertThat(drill.path("status").asText()).isEqualTo("FAILED");
		JsonNode failed = failedStep(drill);
		assertThat(failed.path("name").asText()).isEqualTo("database-restore");
		assertThat(failed.path("message").asText()).contains("role \"drill_legacy_owner\" does not exist");
		String markdown = api.http()
			.send(api.request("/api/v1/drills/" + drill.path("id").asText() + "/report").header("Accept", "text/markdown").GET().build(),
					java.net.http.HttpResponse.BodyHandlers.ofString())
			.body();
		assertThat(markdown).contains("FAILED (failure)").contains("drill_legacy_owner");
	}

	@Test
	void aBackupWithoutManifestStillRestoresAndSaysSo() throws Exception {
		JsonNode drill = startAndAwait("database-only", noManifest);

		assertThat(drill.path("status").asText()).as(drill.toString()).isEqualTo("PARTIALLY_FAILED");
		assertThat(drill.path("backup").path("manifest").asBoolean()).isFalse();
		assertThat(drill.path("findings").findValuesAsString("message")).anyMatch(m -> m.contains("manifest"));
		assertThat(DrillFixtures.snapshot(pg, "app")).isEqualTo(production);
	}

	@Test
	void backUpNowMakesAVerifiedBackupThatADrillRestores() throws Exception {
		DrillFixtures.createProduction(pg, "app_source");
		pg.dropDatabase("app");
		pg.sql("postgres", "ALTER DATABASE app_source RENAME TO app");
		Map<String, String> source = DrillFixtures.snapshot(pg, "app");
		Files.writeString(mediaDir().resolve("logo.png"), "not really a png\n");
		Map<String, String> sourceMedia = DrillFixtures.mediaContent(mediaDir());

		ApiClient.Response started = api.post("/api/v1/environments/" + environment + "/backups", Map.of());
		assertThat(started.status()).as(started.body()).isEqualTo(202);
		String timestamp = started.json().path("timestamp").asText();
		JsonNode run = awaitRun(started.json().path("runId").asText());
		assertThat(run.path("status").asText()).as(api.get("/api/v1/runs/" + run.path("id").asText() + "/log").body())
			.isEqualTo("SUCCEEDED");

		ApiClient.Response listed = api.get("/api/v1/environments/" + environment + "/backups");
		JsonNode made = null;
		for (JsonNode backup : listed.json()) {
			if (backup.path("timestamp").asText().equals(timestamp)) {
				made = backup;
			}
		}
		assertThat(made).as(listed.body()).isNotNull();
		assertThat(made.path("verified").asBoolean()).as(made.toString()).isTrue();
		assertThat(made.path("manifest").path("tables").path("public.users").asLong()).isEqualTo(1200);
		assertThat(listed.header("Opsdeck-Newest-Backup")).isEqualTo(timestamp);

		// the current state changes, then a drill of the new backup brings the backed-up state back
		pg.sql("app", "DELETE FROM shop.orders WHERE id % 2 = 0");
		Files.delete(mediaDir().resolve("logo.png"));
		JsonNode drill = startAndAwait("full", timestamp);
		assertThat(drill.path("status").asText()).as(drill.toString()).isEqualTo("SUCCEEDED");
		assertThat(DrillFixtures.snapshot(pg, "app")).isEqualTo(source);
		assertThat(DrillFixtures.mediaContent(mediaDir())).isEqualTo(sourceMedia);
	}

	@Test
	void theSeedsCommandLineRunsADrillFollowsItAndExitsWithItsOutcome() throws Exception {
		Path reports = root.resolve("dr-reports");

		Scripts.Result ok = drillScript("digitalocean", environment, "validation-only", "--backup", good, "--report-dir",
				reports.toString());
		assertThat(ok.exitCode()).as(ok.output()).isZero();
		assertThat(ok.output()).contains("==> DR drill").contains("==> validation ").contains("==> SUCCEEDED in")
			.doesNotContain("OPSDECK-EVENT").doesNotContain("X-Amz-Signature");
		try (Stream<Path> files = Files.list(reports)) {
			assertThat(files.toList()).singleElement()
				.satisfies(file -> assertThat(Files.readString(file)).contains("# Disaster Recovery Drill Report"));
		}

		Scripts.Result failed = drillScript("digitalocean", environment, "full", "--backup", lacksMedia, "--quiet");
		assertThat(failed.exitCode()).as(failed.output()).isEqualTo(1);
		assertThat(failed.output()).contains("==> FAILED in").contains("media.tar.gz");

		Scripts.Result wrongCloud = drillScript("aws", environment, "full");
		assertThat(wrongCloud.exitCode()).isEqualTo(2);
		assertThat(wrongCloud.output()).contains("runs on digitalocean, not aws");
		Scripts.Result badType = drillScript("aws", environment, "everything");
		assertThat(badType.exitCode()).isEqualTo(2);
	}

	/** The script with only bash, curl and coreutils on the PATH ({@link Scripts}), against this instance. */
	private Scripts.Result drillScript(String... args) {
		return Scripts.run(port, "dr-drill.sh", args);
	}

	@Test
	void badRequestsGetProblemDetails() {
		ApiClient.Response unknownType = api.post("/api/v1/drills", Map.of("environment", environment, "type", "everything"));
		assertThat(unknownType.status()).isEqualTo(400);
		assertThat(unknownType.body()).contains("type");

		ApiClient.Response noBackup = api.post("/api/v1/drills",
				Map.of("environment", environment, "type", "full", "backupTimestamp", "2001-01-01-000000"));
		assertThat(noBackup.status()).isEqualTo(400);
		assertThat(noBackup.json().path("detail").asText()).contains("2001-01-01-000000");

		ApiClient.Response unknownEnvironment = api.post("/api/v1/drills", Map.of("environment", "nowhere", "type", "full"));
		assertThat(unknownEnvironment.status()).isIn(404, 409);

		Map<String, Object> settings = new LinkedHashMap<>();
		settings.put("server", "not-a-server");
		settings.put("database", Map.of("name", "app; drop table x"));
		settings.put("mediaDir", "relative/path");
		settings.put("healthUrl", "ftp://example.org");
		ApiClient.Response invalid = api.put("/api/v1/environments/" + environment + "/drill-settings", settings);
		assertThat(invalid.status()).isEqualTo(400);
		assertThat(invalid.body()).contains("database.name").contains("mediaDir").contains("healthUrl");

		settings.put("database", Map.of("name", "app"));
		settings.remove("mediaDir");
		settings.remove("healthUrl");
		ApiClient.Response wrongServer = api.put("/api/v1/environments/" + environment + "/drill-settings", settings);
		assertThat(wrongServer.status()).isEqualTo(400);
		assertThat(wrongServer.body()).contains("not-a-server");

		ApiClient.Response dotted = api.put("/api/v1/environments/" + environment + "/drill-settings",
				Map.of("server", serverName, "database", Map.of("name", "app"), "mediaDir", "/srv/../etc"));
		assertThat(dotted.status()).isEqualTo(400);
		assertThat(dotted.body()).contains("mediaDir");
		// nothing of the bad input was saved
		assertThat(api.get("/api/v1/environments/" + environment + "/drill-settings").json().path("mediaDir").asText())
			.isEqualTo(mediaDir().toString());
	}

	@Test
	void withoutSettingsADrillIsRefusedWithWhatToDo() {
		String bare = environment + "-bare";
		api.post("/api/v1/environments", Map.of("name", bare, "kind", "development", "cloudProvider", "aws", "region", "us-east-1"));

		ApiClient.Response refused = api.post("/api/v1/drills", Map.of("environment", bare, "type", "full"));

		assertThat(refused.status()).isEqualTo(409);
		assertThat(refused.json().path("detail").asText()).contains("drill settings");
		assertThat(api.get("/api/v1/environments/" + bare + "/drill-settings").status()).isEqualTo(404);
		assertThat(api.get("/api/v1/environments/" + bare + "/rto-forecast").status()).isEqualTo(204);
	}

	@Test
	void theOpenApiDocumentCoversTheDrillEndpoints() {
		JsonNode paths = api.get("/v3/api-docs").json().path("paths");

		assertThat(paths.has("/api/v1/drills")).isTrue();
		assertThat(paths.has("/api/v1/drills/{id}")).isTrue();
		assertThat(paths.has("/api/v1/drills/{id}/report")).isTrue();
		assertThat(paths.has("/api/v1/environments/{name}/drill-settings")).isTrue();
		assertThat(paths.has("/api/v1/environments/{name}/rto-forecast")).isTrue();
	}

	@Test
	@Tag("browser")
	void theDrillPagesShowTheLiveStepsTheResultAndTheHistoryInARealBrowser() {
		assumeTrue(Browser.chromiumInstalled(), "needs chromium and chromium-driver");
		Path images = DocsOutput.directory("images");
		try (Browser browser = Browser.start(port)) {
			browser.consoleProblems();
			// one drill, started from the page; the history, chart and forecast are checked once it has ended
			browser.openAsAdmin("/environments/" + environment + "/drills", IntegrationTest.ADMIN_PASSWORD, PAGE);
			new Select(browser.find(By.id("type"))).selectByValue("full");
			new Select(browser.find(By.id("backupTimestamp"))).selectByValue(good);
			browser.click(browser.find(Browser.testId("start-drill")));
			browser.await(PAGE, ExpectedConditions.urlMatches("/drills/[0-9a-f-]{36}$"));
			browser.await(PLAYBOOK, driver -> browser.find(Browser.testId("current-step")).getText().startsWith("Now:")
					&& !browser.findAll(By.cssSelector("#log-lines .log-line")).isEmpty());
			browser.screenshot(images.resolve("drill-live.png"));
			assertThat(browser.findAll(By.cssSelector(".drill-step[data-status='running']"))).hasSize(1);

			browser.await(PLAYBOOK, ExpectedConditions.textToBe(Browser.testId("drill-status"), "SUCCEEDED"));
			assertThat(browser.find(Browser.testId("drill-compliance")).getText()).isEqualTo("PolicyMet");
			assertThat(browser.findAll(By.cssSelector(".drill-step[data-status='succeeded']"))).hasSize(8);
			assertThat(browser.find(Browser.testId("drill-checks")).getText()).contains("public.users");
			browser.screenshot(images.resolve("drill.png"));

			browser.open("/environments/" + environment + "/drills");
			assertThat(browser.find(Browser.testId("drill-chart")).findElements(By.tagName("rect"))).isNotEmpty();
			assertThat(browser.find(Browser.testId("rto-line"))).isNotNull();
			assertThat(browser.find(Browser.testId("rto-forecast")).getText()).contains("min");
			assertThat(browser.find(Browser.testId("last-success")).getText()).doesNotContain("never");
			browser.screenshot(images.resolve("drill-history.png"));
			browser.open("/environments/" + environment + "/backups");
			assertThat(browser.findAll(Browser.testId("verified"))).isNotEmpty();
			browser.screenshot(images.resolve("backups.png"));
			browser.open("/environments/" + environment + "/drill-settings");
			assertThat(browser.find(By.id("dbName")).getDomProperty("value")).isEqualTo("app");
			assertThat(browser.consoleProblems()).as("console errors and CSP violations").isEmpty();
		}
	}

	private JsonNode startAndAwait(String type, String timestamp) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("environment", environment);
		body.put("type", type);
		if (timestamp != null) {
			body.put("backupTimestamp", timestamp);
		}
		ApiClient.Response started = api.post("/api/v1/drills", body);
		assertThat(started.status()).as(started.body()).isEqualTo(202);
		return awaitEnd(started.json().path("id").asText());
	}

	private JsonNode awaitEnd(String id) {
		JsonNode[] last = new JsonNode[1];
		await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500)).until(() -> {
			last[0] = api.get("/api/v1/drills/" + id).json();
			return List.of("SUCCEEDED", "PARTIALLY_FAILED", "FAILED").contains(last[0].path("status").asText());
		});
		// the finished drill as stored (the finisher may still be writing it when the live view says it ended)
		await().atMost(Duration.ofSeconds(30)).until(() -> {
			last[0] = api.get("/api/v1/drills/" + id).json();
			return last[0].path("finishedAt").isTextual();
		});
		return last[0];
	}

	private JsonNode awaitRun(String id) {
		JsonNode[] last = new JsonNode[1];
		await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500)).until(() -> {
			last[0] = api.get("/api/v1/runs/" + id).json();
			return !List.of("QUEUED", "RUNNING").contains(last[0].path("status").asText());
		});
		return last[0];
	}

	private static List<String> stepStatuses(JsonNode drill) {
		return drill.path("steps").findValuesAsString("status");
	}

	private static JsonNode failedStep(JsonNode drill) {
		for (JsonNode step : drill.path("steps")) {
			if (step.path("status").asText().equals("failed")) {
				return step;
			}
		}
		throw new AssertionError("no failed step in " + drill);
	}

	private static Path mediaDir() {
		return root.resolve("srv/app/media");
	}

	private static int httpGet(String url) throws IOException, InterruptedException {
		HttpResponse<Void> response = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
					HttpResponse.BodyHandlers.discarding());
		return response.statusCode();
	}

	private static int freePort() {
		try (ServerSocket socket = new ServerSocket()) {
			socket.bind(new InetSocketAddress(APP_HOST, 0));
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static void stopApp() throws IOException {
		Path pid = (root != null) ? root.resolve("app.pid") : null;
		if (pid != null && Files.exists(pid)) {
			exec("kill", Files.readString(pid).strip());
			Files.delete(pid);
		}
	}

	private static void exec(String... command) {
		try {
			Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
			process.getInputStream().readAllBytes();
			process.waitFor();
		}
		catch (IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
