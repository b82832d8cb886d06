package io.opsdeck.drills.playbooks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.opsdeck.support.AnsiblePlaybook;
import io.opsdeck.support.BlobServer;
import io.opsdeck.support.DrillFixtures;
import io.opsdeck.support.PostgresServer;
import io.opsdeck.support.SshdExtension;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Runs {@code ansible/playbooks/disaster-recovery.yml} with the real ansible-playbook over real SSH against a real
 * PostgreSQL 15 cluster, with backups served from presigned-URL stand-ins ({@link BlobServer}), and checks what the
 * drill did (the database and media directory afterwards) and what it reported (the OPSDECK-EVENT lines of
 * docs/design/drills-contract.md). The "server" is this machine: sshd on 127.0.0.2, PostgreSQL on 127.0.0.3, the
 * application on 127.0.0.4.
 */
class DisasterRecoveryPlaybookTests {

	private static final String TIMESTAMP = "2025-11-07-120000";

	private static final List<String> ALL_STEPS = List.of("validation", "download", "safety-backup",
			"database-restore", "media-restore", "app-start", "health-checks");

	@RegisterExtension
	static final SshdExtension sshd = SshdExtension.on("127.0.0.2").skippedWithoutSshd();

	private static PostgresServer pg;

	private static BlobServer blobs;

	private static Path shared;

	private static Map<String, String> production;

	private static byte[] dump;

	private static byte[] media;

	private static byte[] manifest;

	private static Map<String, String> productionMedia;

	@TempDir
	Path temp;

	private Path mediaDir;

	private Path safetyDir;

	private Path workDir;

	@BeforeAll
	static void startServersAndMakeTheBackup() throws IOException {
		assumeTrue(PostgresServer.isAvailable() && AnsiblePlaybook.isAvailable(),
				"needs PostgreSQL 15 (run as root) and ansible-playbook");
		shared = Files.createTempDirectory("opsdeck-drill-test-");
		pg = PostgresServer.start("127.0.0.3");
		blobs = BlobServer.start();
		DrillFixtures.createProduction(pg, "production");
		production = DrillFixtures.snapshot(pg, "production");
		dump = DrillFixtures.dump(pg, "production", shared);
		Path source = shared.resolve("media-source");
		DrillFixtures.createMedia(source);
		productionMedia = DrillFixtures.mediaContent(source);
		media = DrillFixtures.tarball(source, shared);
		manifest = DrillFixtures.manifest(TIMESTAMP, "production", DrillFixtures.rowCounts(pg, "production"), dump,
				media, DrillFixtures.mediaStats(source));
	}

	@AfterAll
	static void stopServers() {
		if (blobs != null) {
			blobs.close();
		}
		if (pg != null) {
			pg.close();
		}
		if (shared != null) {
			exec(List.of("rm", "-rf", shared.toString()));
		}
	}

	@BeforeEach
	void createTheCurrentState() throws IOException {
		pg.dropDatabase("app");
		pg.createDatabase("app");
		pg.sql("app", "CREATE TABLE stale (x int); INSERT INTO stale VALUES (1), (2);");
		this.mediaDir = this.temp.resolve("srv/app/media");
		Files.createDirectories(this.mediaDir);
		Files.writeString(this.mediaDir.resolve("old.txt"), "media from before the drill\n");
		this.safetyDir = this.temp.resolve("safety");
		this.workDir = this.temp.resolve("work");
	}

	@Test
	void fullDrillRestoresTheDatabaseAndMediaAndStartsTheApplication() throws Exception {
		int appPort = freePort("127.0.0.4");
		Path appDir = this.temp.resolve("srv/app");
		Files.writeString(appDir.resolve("health"), "ok\n");
		Path pidFile = this.temp.resolve("app.pid");
		Map<String, Object> vars = vars("full");
		vars.put("app_dir", appDir.toString());
		vars.put("start_command", "setsid -f sh -c 'echo $$ > " + pidFile + "; exec python3 -m http.server " + appPort
				+ " --bind 127.0.0.4' > /dev/null 2>&1 < /dev/null");
		vars.put("health_url", "http://127.0.0.4:" + appPort + "/health");
		vars.put("health_timeout_seconds", 30);
		// no module runs on the server (the scripts go to bash on stdin, opsdeck_drill_script): without a become user
		// the drill needs no Python there, so an interpreter that does not exist changes nothing
		vars.put("ansible_python_interpreter", "/nonexistent/python3");
		// the stream's session (its autogroup: nice counts only inside a session) at nice 19 while pg_restore runs,
		// back at 0 once it has ended (media.fast): seen by the blob server when the stream's GET arrives, which it
		// holds until the restore is over
		Map<String, String> autogroup = new ConcurrentHashMap<>();
		boolean autogroups = Files.exists(Path.of("/proc/self/autogroup"));
		// the programs of the stream's session while it streams: the archive is hashed and inflated on its way to
		// tar by one python3 process (1 MiB reads) where the server has python3, not by tee into a FIFO for openssl
		// and pigz or gzip behind tar
		List<String> streamPrograms = new CopyOnWriteArrayList<>();
		if (autogroups) {
			blobs.beforeServing(URI.create(vars.get("backup_media_url").toString()), () -> {
				streamPrograms.addAll(mediaSessionPrograms());
				autogroup.put("during", mediaAutogroup());
				autogroup.put("restore ended", String.valueOf(Files.exists(this.workDir.resolve("media.fast"))));
				// the stream is held here until the restore is over and its session is back at nice 0; if that never
				// comes, the assertions after the drill say what was seen (a timeout must not break the blob server)
				waitQuietly(Duration.ofSeconds(60), () -> Files.exists(this.workDir.resolve("media.fast")));
				waitQuietly(Duration.ofSeconds(10), () -> mediaAutogroup().endsWith(" nice 0"));
				autogroup.put("after", mediaAutogroup());
			});
		}
		try {
			int servedBefore = blobs.served().size();
			AnsiblePlaybook.Result result = run(vars);

			assertThat(result.exitCode()).as(result.output()).isZero();
			assertThat(result.stepTrail()).as(result.output()).isEqualTo(trail(ALL_STEPS, "succeeded"));
			// the manifest and the two ranged probes (at once, in any order) come first; the media stream, started by
			// the validation probe, streams only once db.dump has downloaded: it overlaps the database restore, not
			// the download
			List<String> all = blobs.served();
			List<String> served = all.subList(servedBefore, all.size());
			assertThat(served).containsSubsequence("db.dump", "media.tar.gz").containsOnlyOnce("db.dump", "media.tar.gz");
			assertThat(served.subList(0, served.indexOf("db.dump"))).as(served.toString())
				.containsExactlyInAnyOrder("manifest.json", "db.dump range", "media.tar.gz range");
			if (autogroups) {
				assertThat(streamPrograms).as(streamPrograms.toString()).contains("curl", "python3", "tar")
					.doesNotContain("tee", "openssl", "pigz", "gzip");
				// (a restore this small may have ended before the stream's GET: then either may be seen)
				if (!Boolean.parseBoolean(autogroup.get("restore ended"))) {
					assertThat(autogroup.get("during")).as(autogroup.toString()).endsWith(" nice 19");
				}
				assertThat(autogroup.get("after")).as(autogroup.toString()).endsWith(" nice 0");
			}
			assertThat(DrillFixtures.snapshot(pg, "app")).isEqualTo(production).doesNotContainKey("public.stale");
			assertThat(pg.value("app", "SELECT count(*) FROM pg_extension WHERE extname IN ('citext', 'pgcrypto')"))
				.isEqualTo("2");
			assertThat(DrillFixtures.mediaContent(this.mediaDir)).isEqualTo(productionMedia);
			assertThat(this.temp.resolve("srv/app/media.opsdeck-new")).doesNotExist();
			assertThat(this.temp.resolve("srv/app/media.opsdeck-old")).doesNotExist();
			assertThat(this.workDir).doesNotExist();
			assertThat(result.events("check")).isNotEmpty().allSatisfy(c -> assertThat(c.path("ok").asBoolean()).as(c.toString()).isTrue());
			assertThat(result.events("check").stream().filter(c -> c.path("kind").asText().equals("table-rows"))
				.map(c -> c.path("name").asText())).containsExactlyInAnyOrderElementsOf(DrillFixtures.TABLES);
			assertThat(result.events("check").stream().map(c -> c.path("kind").asText()))
				.contains("sha256", "size", "media-files", "media-bytes");
			assertThat(result.metric("download_bytes").asLong()).isEqualTo(dump.length);
			assertThat(result.metric("media_bytes").asLong()).isEqualTo(media.length);
			for (String metric : List.of("download_seconds", "restore_seconds", "count_seconds", "media_seconds")) {
				assertThat(result.metric(metric)).as(metric).isNotNull();
				assertThat(result.metric(metric).isNumber()).as(metric).isTrue();
			}
			assertThat(result.events("finding")).isEmpty();
			// media-restore, app-start and health-checks ran in one script: their ends say how long ago they happened,
			// in order, within the script's run; the events of the other steps carry no "ago"
			List<Double> agos = Stream.of("media-restore", "app-start", "health-checks")
				.map(step -> result.end(step).path("ago").asDouble(-1)).toList();
			assertThat(agos).allSatisfy(ago -> assertThat(ago).isBetween(0.0, 60.0));
			assertThat(agos).isSortedAccordingTo(java.util.Comparator.reverseOrder());
			assertThat(Stream.of("validation", "download", "safety-backup", "database-restore"))
				.allSatisfy(step -> assertThat(result.end(step).has("ago")).as(step).isFalse());
			try (var files = Files.list(this.safetyDir)) {
				List<Path> safety = files.toList();
				assertThat(safety).singleElement().satisfies(f -> assertThat(f.getFileName().toString()).matches("app-\\d{4}-\\d\\d-\\d\\d-\\d{6}\\.dump"));
				assertThat(result.end("safety-backup").path("message").asText()).contains(safety.get(0).toString());
			}
			assertThat(result.output()).doesNotContain("X-Amz-Signature");
			// each of the four events tasks (validation, download, restore, finish) reports its events in one loop
			// item (opsdeck_events), not one item per event: each item costs ansible-playbook a task executor pass
			assertThat(Pattern.compile("=> \\(item=([^)]*)\\)").matcher(result.output()).results().map(m -> m.group(1)))
				.as(result.output()).containsExactly("events", "events", "events", "events");
		}
		finally {
			stopApplication(pidFile);
		}
	}

	@Test
	void databaseOnlyDrillLeavesTheMediaAloneAndIsNotStoppedByAConnectedClient() throws Exception {
		try (Connection client = DriverManager.getConnection(pg.jdbcUrl("app"), "postgres", "")) {
			client.createStatement().execute("SELECT 1");

			AnsiblePlaybook.Result result = run(vars("database-only"));

			assertThat(result.exitCode()).as(result.output()).isZero();
			assertThat(result.stepTrail()).as(result.output()).isEqualTo(List.of("validation:start",
					"validation:end:succeeded", "download:start", "download:end:succeeded", "safety-backup:start",
					"safety-backup:end:succeeded", "database-restore:start", "database-restore:end:succeeded",
					"media-restore:start", "media-restore:end:skipped", "app-start:start", "app-start:end:skipped",
					"health-checks:start", "health-checks:end:skipped"));
			assertThat(result.end("database-restore").path("message").asText()).contains("1 connections terminated");
			assertThat(client.isValid(2)).isFalse();
		}
		assertThat(DrillFixtures.snapshot(pg, "app")).isEqualTo(production);
		assertThat(DrillFixtures.mediaContent(this.mediaDir)).containsOnlyKeys("old.txt");
		assertThat(this.workDir).doesNotExist();
	}

	@Test
	void aSafetyDumpAnEarlierDrillLeftUnfinishedIsRemovedOnceNothingWritesIt() throws IOException {
		Files.createDirectories(this.safetyDir);
		Path abandoned = this.safetyDir.resolve("app-2026-01-01-000000.dump.part");
		Path recent = this.safetyDir.resolve("app-2026-01-01-000001.dump.part");
		Path otherDatabase = this.safetyDir.resolve("other-2026-01-01-000000.dump.part");
		for (Path part : List.of(abandoned, recent, otherDatabase)) {
			Files.writeString(part, "half a dump\n");
		}
		FileTime twoHoursAgo = FileTime.from(Instant.now().minus(Duration.ofHours(2)));
		Files.setLastModifiedTime(abandoned, twoHoursAgo);
		Files.setLastModifiedTime(otherDatabase, twoHoursAgo);

		AnsiblePlaybook.Result result = run(vars("database-only"));

		assertThat(result.exitCode()).as(result.output()).isZero();
		assertThat(abandoned).doesNotExist();
		// a dump written to within the hour may still be running; another database's leftovers are not this drill's
		assertThat(recent).exists();
		assertThat(otherDatabase).exists();
		assertThat(this.safetyDir).isDirectoryContaining(p -> p.getFileName().toString().matches(
				"app-\\d{4}-\\d\\d-\\d\\d-\\d{6}\\.dump"));
	}

	@Test
	void validationOnlyDrillChecksEverythingAndChangesNothing() throws IOException {
		Map<String, String> before = DrillFixtures.snapshot(pg, "app");
		Map<String, String> mediaBefore = DrillFixtures.mediaContent(this.mediaDir);

		AnsiblePlaybook.Result result = run(vars("validation-only"));

		assertThat(result.exitCode()).as(result.output()).isZero();
		assertThat(result.stepTrail()).as(result.output())
			.isEqualTo(List.of("validation:start", "validation:end:succeeded", "download:start", "download:end:succeeded"));
		assertThat(result.events("check").stream().map(c -> c.path("kind").asText() + ":" + c.path("name").asText()))
			.containsExactlyInAnyOrder("sha256:db.dump", "size:db.dump", "sha256:media.tar.gz", "size:media.tar.gz");
		assertThat(result.events("check")).allSatisfy(c -> assertThat(c.path("ok").asBoolean()).isTrue());
		assertThat(result.end("download").path("message").asText()).contains("4 with table data").contains("archive reads");
		assertThat(DrillFixtures.snapshot(pg, "app")).isEqualTo(before);
		assertThat(DrillFixtures.mediaContent(this.mediaDir)).isEqualTo(mediaBefore);
		try (var siblings = Files.list(this.mediaDir.getParent())) {
			assertThat(siblings.map(p -> p.getFileName().toString())).containsExactly("media");
		}
		assertThat(this.workDir).doesNotExist();
		assertThat(this.safetyDir).doesNotExist();
	}

	@Test
	void missingDumpFailsValidationNamingIt() {
		Map<String, Object> vars = vars("full");
		vars.put("backup_db_url", blobs.missing("db.dump").toString());
		Map<String, String> before = DrillFixtures.snapshot(pg, "app");

		AnsiblePlaybook.Result result = run(vars);

		assertThat(result.exitCode()).isNotZero();
		assertThat(result.stepTrail()).isEqualTo(List.of("validation:start", "validation:end:failed"));
		assertThat(result.end("validation").path("message").asText()).contains("db.dump is missing").contains("404");
		assertThat(DrillFixtures.snapshot(pg, "app")).isEqualTo(before);
		assertThat(this.workDir).doesNotExist();
	}

	@Test
	void corruptedDumpFailsBeforeTheDatabaseIsTouched() {
		byte[] corrupted = dump.clone();
		corrupted[corrupted.length / 2] ^= 0x5a;
		Map<String, Object> vars = vars("full");
		vars.put("backup_db_url", blobs.publish("db.dump", corrupted).toString());
		Map<String, String> before = DrillFixtures.snapshot(pg, "app");
		Map<String, String> mediaBefore = DrillFixtures.mediaContent(this.mediaDir);

		AnsiblePlaybook.Result result = run(vars);

		assertThat(result.exitCode()).isNotZero();
		assertThat(result.stepTrail()).isEqualTo(
				List.of("validation:start", "validation:end:succeeded", "download:start", "download:end:failed"));
		assertThat(result.end("download").path("message").asText()).contains("db.dump does not match its manifest")
			.contains("sha256 is " + DrillFixtures.sha256(corrupted));
		assertThat(result.events("check")).anySatisfy(c -> {
			assertThat(c.path("kind").asText()).isEqualTo("sha256");
			assertThat(c.path("ok").asBoolean()).isFalse();
		});
		assertThat(DrillFixtures.snapshot(pg, "app")).isEqualTo(before);
		assertThat(DrillFixtures.mediaContent(this.mediaDir)).isEqualTo(mediaBefore);
		assertThat(this.temp.resolve("srv/app/media.opsdeck-new")).doesNotExist();
		assertThat(this.workDir).doesNotExist();
		// the safety dump ran beside the download: it is not kept when db.dump is bad
		assertThat(this.safetyDir).satisfiesAnyOf(d -> assertThat(d).doesNotExist(), d -> assertThat(d).isEmptyDirectory());
	}

	/**
	 * A media archive whose bytes match the manifest but which is not a whole gzip stream: the drill's inflater (one
	 * python3 process hashes and inflates the stream, tar reads plain tar) fails like gzip -d, names the reason, still
	 * hashes the whole archive, and the media directory is left as it was.
	 */
	@Test
	void aMediaArchiveThatIsNotAWholeGzipStreamFailsMediaRestoreAndLeavesTheMediaAlone() throws IOException {
		byte[] plainTar;
		try (var in = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(media))) {
			plainTar = in.readAllBytes();
		}
		Map<String, byte[]> archives = new java.util.LinkedHashMap<>();
		archives.put("not in gzip format", plainTar);
		archives.put("unexpected end of file", java.util.Arrays.copyOf(media, media.length - 100));
		long[] stats = DrillFixtures.mediaStats(shared.resolve("media-source"));
		Map<String, String> mediaBefore = DrillFixtures.mediaContent(this.mediaDir);
		for (Map.Entry<String, byte[]> archive : archives.entrySet()) {
			byte[] body = archive.getValue();
			Map<String, Object> vars = vars("full");
			vars.put("backup_media_url", blobs.publish("media.tar.gz", body).toString());
			vars.put("backup_media_size", body.length);
			vars.put("backup_manifest_url", blobs.publish("manifest.json", DrillFixtures.manifest(TIMESTAMP, "production",
					DrillFixtures.rowCounts(pg, "production"), dump, body, stats)).toString());

			AnsiblePlaybook.Result result = run(vars);

			assertThat(result.exitCode()).as(result.output()).isNotZero();
			assertThat(result.stepTrail()).as(result.output()).endsWith("database-restore:end:succeeded",
					"media-restore:start", "media-restore:end:failed");
			assertThat(result.end("media-restore").path("message").asText()).as(archive.getKey())
				.contains("media.tar.gz is not a readable tar.gz archive (tar exit 2)")
				.contains("gzip: stdin: " + archive.getKey());
			// the whole archive went through the hasher: its sha256 and size are checked, and match
			assertThat(result.events("check").stream().filter(c -> c.path("name").asText().equals("media.tar.gz")))
				.extracting(c -> c.path("kind").asText() + ":" + c.path("actual").asText() + ":" + c.path("ok").asBoolean())
				.containsExactlyInAnyOrder("sha256:" + DrillFixtures.sha256(body) + ":true", "size:" + body.length + ":true");
			assertThat(DrillFixtures.mediaContent(this.mediaDir)).isEqualTo(mediaBefore);
			assertThat(this.temp.resolve("srv/app/media.opsdeck-new")).doesNotExist();
			assertThat(this.workDir).doesNotExist();
		}
	}

	@Test
	void failedSafetyBackupStopsTheDrillBeforeTheDatabaseIsTouched() throws IOException {
		Files.writeString(this.safetyDir, "not a directory\n");
		Map<String, Object> vars = vars("full");
		Map<String, String> before = DrillFixtures.snapshot(pg, "app");
		Map<String, String> mediaBefore = DrillFixtures.mediaContent(this.mediaDir);

		AnsiblePlaybook.Result result = run(vars);

		assertThat(result.exitCode()).isNotZero();
		assertThat(result.stepTrail()).as(result.output()).isEqualTo(List.of("validation:start", "validation:end:succeeded",
				"download:start", "download:end:succeeded", "safety-backup:start", "safety-backup:end:failed"));
		assertThat(result.end("safety-backup").path("message").asText())
			.startsWith("the safety backup of app failed (exit 1): ").contains("mkdir");
		assertThat(DrillFixtures.snapshot(pg, "app")).isEqualTo(before);
		assertThat(DrillFixtures.mediaContent(this.mediaDir)).isEqualTo(mediaBefore);
		assertThat(this.temp.resolve("srv/app/media.opsdeck-new")).doesNotExist();
		assertThat(this.workDir).doesNotExist();
	}

	@Test
	void aFailingStartCommandFailsAppStartWithItsOutputAndTheHealthIsNotPolled() {
		Map<String, Object> vars = vars("full");
		vars.put("app_dir", this.temp.resolve("srv/app").toString());
		// its stderr ends in a byte that is not UTF-8: dropped, the message still arrives
		vars.put("start_command", "pwd; printf 'compose: no such service \\377\\n' >&2; exit 3");
		vars.put("health_url", "http://127.0.0.4:9/health");
		vars.put("health_timeout_seconds", 30);

		AnsiblePlaybook.Result result = run(vars);

		assertThat(result.exitCode()).isNotZero();
		assertThat(result.stepTrail()).as(result.output()).isEqualTo(List.of("validation:start",
				"validation:end:succeeded", "download:start", "download:end:succeeded", "safety-backup:start",
				"safety-backup:end:succeeded", "database-restore:start", "database-restore:end:succeeded",
				"media-restore:start", "media-restore:end:succeeded", "app-start:start", "app-start:end:failed"));
		assertThat(result.end("app-start").path("message").asText())
			.isEqualTo("the start command exited with 3: compose: no such service");
		// the database and the media were restored before the start command ran
		assertThat(DrillFixtures.snapshot(pg, "app")).isEqualTo(production);
		assertThat(DrillFixtures.mediaContent(this.mediaDir)).isEqualTo(productionMedia);
		assertThat(this.temp.resolve("srv/app/media.opsdeck-new")).doesNotExist();
		assertThat(this.workDir).doesNotExist();
	}

	@Test
	void anApplicationThatNeverAnswersFailsTheHealthChecksAfterTheTimeout() throws IOException {
		Map<String, Object> vars = vars("database-only");
		vars.put("app_dir", this.temp.resolve("srv/app").toString());
		vars.put("start_command", "true");
		vars.put("health_url", "http://127.0.0.4:" + freePort("127.0.0.4") + "/health");
		vars.put("health_timeout_seconds", 1);

		AnsiblePlaybook.Result result = run(vars);

		assertThat(result.exitCode()).isNotZero();
		assertThat(result.stepTrail()).as(result.output()).endsWith("media-restore:start", "media-restore:end:skipped",
				"app-start:start", "app-start:end:succeeded", "health-checks:start", "health-checks:end:failed");
		assertThat(result.end("health-checks").path("message").asText())
			.startsWith(vars.get("health_url") + ": no 2xx answer within 1 s (last: HTTP 000 ");
		assertThat(result.end("app-start").path("ago").asDouble(-1)).isPositive();
		assertThat(DrillFixtures.snapshot(pg, "app")).isEqualTo(production);
		assertThat(this.workDir).doesNotExist();
	}

	@Test
	void pgRestoreErrorFailsTheRestoreWithItsMessage() throws IOException {
		pg.sql("postgres", "CREATE ROLE drill_legacy_owner");
		pg.createDatabase("legacy");
		pg.sql("legacy", "CREATE TABLE ledger (id int); INSERT INTO ledger VALUES (1); ALTER TABLE ledger OWNER TO drill_legacy_owner;");
		byte[] legacyDump = DrillFixtures.dump(pg, "legacy", this.temp);
		pg.dropDatabase("legacy");
		pg.sql("postgres", "DROP ROLE drill_legacy_owner");
		Map<String, Object> vars = vars("database-only");
		vars.put("backup_db_url", blobs.publish("db.dump", legacyDump).toString());
		vars.put("backup_manifest_url", blobs.publish("manifest.json",
				DrillFixtures.manifest(TIMESTAMP, "legacy", Map.of("public.ledger", 1L), legacyDump, null, null)).toString());
		vars.put("backup_db_size", legacyDump.length);
		vars.put("backup_media_url", "");
		vars.put("restore_no_owner", false);

		AnsiblePlaybook.Result result = run(vars);

		assertThat(result.exitCode()).isNotZero();
		assertThat(result.stepTrail()).endsWith("database-restore:start", "database-restore:end:failed");
		assertThat(result.end("database-restore").path("message").asText()).startsWith("pg_restore failed")
			.contains("role \"drill_legacy_owner\" does not exist");
		assertThat(this.workDir).doesNotExist();
		assertThat(this.safetyDir).isDirectoryContaining(p -> p.getFileName().toString().startsWith("app-"));
	}

	@Test
	void aDatabaseThatCannotBeDroppedAcceptsConnectionsAgainAfterTheFailedDrill() {
		// new connections are blocked before the drop; a failing drop must not leave them blocked
		pg.sql("postgres", "ALTER DATABASE app IS_TEMPLATE true");
		try {
			AnsiblePlaybook.Result result = run(vars("database-only"));

			assertThat(result.exitCode()).isNotZero();
			assertThat(result.stepTrail()).endsWith("database-restore:start", "database-restore:end:failed");
			assertThat(result.end("database-restore").path("message").asText()).startsWith("could not recreate database app")
				.contains("cannot drop a template database");
			assertThat(pg.value("postgres", "SELECT datallowconn FROM pg_database WHERE datname = 'app'")).isEqualTo("t");
			assertThat(DrillFixtures.snapshot(pg, "app")).containsKey("public.stale");
		}
		finally {
			pg.sql("postgres", "ALTER DATABASE app IS_TEMPLATE false");
		}
	}

	@Test
	void backupWithoutManifestRestoresWithAWarning() {
		Map<String, Object> vars = vars("full");
		vars.put("backup_manifest_url", "");

		AnsiblePlaybook.Result result = run(vars);

		assertThat(result.exitCode()).as(result.output()).isZero();
		assertThat(result.events("finding")).singleElement().satisfies(f -> {
			assertThat(f.path("severity").asText()).isEqualTo("warning");
			assertThat(f.path("message").asText()).contains("manifest.json is missing");
		});
		assertThat(result.events("check").stream().map(c -> c.path("kind").asText() + ":" + c.path("name").asText()))
			.containsExactlyInAnyOrder("size:db.dump", "size:media.tar.gz");
		assertThat(result.end("validation").path("message").asText()).contains("no manifest");
		assertThat(DrillFixtures.snapshot(pg, "app")).isEqualTo(production);
		assertThat(DrillFixtures.mediaContent(this.mediaDir)).isEqualTo(productionMedia);
	}

	private AnsiblePlaybook.Result run(Map<String, Object> vars) {
		return AnsiblePlaybook.run("disaster-recovery.yml", sshd.server(), vars, this.temp);
	}

	private Map<String, Object> vars(String type) {
		Map<String, Object> vars = new HashMap<>();
		vars.put("drill_type", type);
		vars.put("backup_timestamp", TIMESTAMP);
		vars.put("backup_db_url", blobs.publish("db.dump", dump).toString());
		vars.put("backup_media_url", blobs.publish("media.tar.gz", media).toString());
		vars.put("backup_manifest_url", blobs.publish("manifest.json", manifest).toString());
		vars.put("backup_db_size", dump.length);
		vars.put("backup_media_size", media.length);
		vars.put("db_name", "app");
		vars.put("db_mode", "host");
		vars.put("db_user", "postgres");
		vars.put("db_host", pg.host());
		vars.put("db_port", pg.port());
		vars.put("restore_jobs", 2);
		vars.put("media_dir", this.mediaDir.toString());
		vars.put("app_dir", "");
		vars.put("start_command", "");
		vars.put("health_url", "");
		vars.put("drill_work_dir", this.workDir.toString());
		vars.put("safety_backup_dir", this.safetyDir.toString());
		return vars;
	}

	private static List<String> trail(List<String> steps, String status) {
		return steps.stream().flatMap(s -> java.util.stream.Stream.of(s + ":start", s + ":end:" + status)).toList();
	}

	private static int freePort(String host) throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(host))) {
			return socket.getLocalPort();
		}
	}

	/**
	 * @return the {@code /proc/<pid>/autogroup} line ({@code "/autogroup-<n> nice <nice>"}) of the drill's media
	 * stream ({@code bash <work dir>/media.sh}), or {@code "none"} when it is not running
	 */
	private String mediaAutogroup() {
		String script = this.workDir.resolve("media.sh").toString();
		try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
			for (Path process : processes.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
				try {
					String cmdline = new String(Files.readAllBytes(process.resolve("cmdline")), StandardCharsets.UTF_8);
					if (cmdline.replace('\0', ' ').contains(script)) {
						return Files.readString(process.resolve("autogroup")).trim();
					}
				}
				catch (IOException ex) {
					// ended meanwhile
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return "none";
	}

	/**
	 * @return the names ({@code comm}) of the processes in the session of the drill's media stream ({@code bash <work
	 * dir>/media.sh}, a session of its own), empty when it is not running
	 */
	private List<String> mediaSessionPrograms() {
		String script = this.workDir.resolve("media.sh").toString();
		List<String[]> stats = new ArrayList<>();
		String session = null;
		try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
			for (Path process : processes.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
				try {
					String stat = Files.readString(process.resolve("stat"));
					// pid (comm) state ppid pgrp session ...: comm may hold spaces, so split after its ')'
					int close = stat.lastIndexOf(')');
					String comm = stat.substring(stat.indexOf('(') + 1, close);
					String[] fields = stat.substring(close + 2).split(" ");
					stats.add(new String[] { comm, fields[3] });
					String cmdline = new String(Files.readAllBytes(process.resolve("cmdline")), StandardCharsets.UTF_8);
					if (comm.equals("bash") && cmdline.replace('\0', ' ').contains(script)) {
						session = fields[3];
					}
				}
				catch (IOException | RuntimeException ex) {
					// ended meanwhile
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		String sid = session;
		return (sid == null) ? List.of() : stats.stream().filter(s -> s[1].equals(sid)).map(s -> s[0]).toList();
	}

	/** Waits until {@code condition} holds or {@code atMost} has passed, whichever comes first, without failing. */
	private static void waitQuietly(Duration atMost, Callable<Boolean> condition) {
		try {
			Awaitility.await().atMost(atMost).pollInterval(Duration.ofMillis(50)).until(condition);
		}
		catch (ConditionTimeoutException ex) {
			// the caller's assertions report what was (not) seen
		}
	}

	private static void stopApplication(Path pidFile) throws IOException {
		if (Files.exists(pidFile)) {
			long pid = Long.parseLong(Files.readString(pidFile).strip());
			ProcessHandle.of(pid).ifPresent(ProcessHandle::destroy);
		}
	}

	private static void exec(List<String> command) {
		try {
			new ProcessBuilder(command).inheritIO().start().waitFor();
		}
		catch (IOException ex) {
			// best effort cleanup
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}


}
