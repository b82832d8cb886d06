package io.opsdeck.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.opsdeck.support.ApiClient;
import io.opsdeck.support.ApiClient.Response;
import io.opsdeck.support.IntegrationTest;
import io.opsdeck.support.PostgresServer;
import io.opsdeck.support.S3Server;
import io.opsdeck.support.SshdServer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The drill-restore benchmark of issue 3 (not a test: tagged {@code benchmark}, which {@code pom.xml} excludes by
 * default; run it with {@code bench/drill-restore.sh}).
 * <p>
 * On loopback: the whole application ({@link IntegrationTest}), s3proxy ({@link S3Server}, 127.0.0.3), PostgreSQL
 * 15 ({@link PostgresServer}, 127.0.0.3) and an sshd target ({@link SshdServer}, 127.0.0.2). It generates a
 * database of about {@code bench.db-gb} GiB ({@code pg_database_size}) and {@code bench.media-gb} GiB of media
 * (random, incompressible files of mixed sizes), uploads {@code db.dump} ({@code pg_dump -Fc}),
 * {@code media.tar.gz} ({@code tar -czf}, as backup.yml makes it) and {@code manifest.json} straight to the bucket
 * (backup.yml is not run: it would only add setup time; with {@code -Dbench.cache=<dir>} the generated files are kept
 * there and reused, verified, by the next run at the same sizes: see {@link DrillBackupCache}), then
 * <ol>
 * <li>runs a {@code full} drill through the API onto an existing, small {@code app} database and reads its total and
 * per-step seconds from {@code GET /api/v1/drills/{id}};</li>
 * <li>times the plain sequential baseline on the same data: SDK download of both objects, {@code pg_restore -j2}
 * into a fresh database, {@code tar -xzf} into a fresh directory.</li>
 * </ol>
 * The result goes to {@code bench/results/drill-restore-<time>.md} and, with {@code -Dbench.docs=<file>}, replaces
 * the block between {@code <!-- drill-restore:begin -->} and {@code <!-- drill-restore:end -->} in that file.
 */
@IntegrationTest
@Tag("benchmark")
class DrillRestoreBenchmark {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final String BUCKET = "opsdeck-bench";

	private static final String TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd-HHmmss")
		.withZone(ZoneOffset.UTC)
		.format(Instant.now().minusSeconds(60));

	private static final long GIB = 1L << 30;

	private static final Duration LONG = Duration.ofMinutes(30);

	private static SshdServer sshd;

	private static PostgresServer pg;

	private static S3Server s3;

	private static Path work;

	/** The 1-minute load average when the drill started (the machine is shared). */
	private static double loadAtDrill;

	/**
	 * Seconds per step of the untimed warm-up baseline ({@code bench.warm-up}, default on), empty without one: the
	 * first restore after the setup was 3-10 s slower than the later ones (more CPU in the same PostgreSQL backends),
	 * which favoured the drill that runs second.
	 */
	private static Map<String, Double> warmUp = Map.of();

	@LocalServerPort
	private int port;

	@BeforeAll
	static void startServers() throws IOException {
		assumeTrue(SshdServer.isAvailable() && PostgresServer.isAvailable(), "needs sshd and PostgreSQL 15 as root");
		work = Files.createTempDirectory(Path.of("/var/tmp"), "opsdeck-bench-");
		sshd = SshdServer.start("127.0.0.2");
		pg = PostgresServer.start("127.0.0.3");
		s3 = S3Server.start("127.0.0.3");
		s3.createBucket(BUCKET);
	}

	@AfterAll
	static void stopServers() {
		for (AutoCloseable closeable : new AutoCloseable[] { s3, pg, sshd }) {
			try {
				if (closeable != null) {
					closeable.close();
				}
			}
			catch (Exception ex) {
				// best effort
			}
		}
		if (work != null) {
			exec(List.of("rm", "-rf", work.toString()), Duration.ofMinutes(5));
		}
	}

	@Test
	void drillAgainstSequentialBaseline() throws Exception {
		double dbGb = Double.parseDouble(System.getProperty("bench.db-gb", "1"));
		double mediaGb = Double.parseDouble(System.getProperty("bench.media-gb", "1"));

		// --- the "production" data and its backup, generated or reused from the cache (see DrillBackupCache)
		String cacheDir = System.getProperty("bench.cache", "");
		DrillBackupCache cache = new DrillBackupCache(cacheDir.isBlank() ? null : Path.of(cacheDir));
		DrillBackupCache.Backup backup = cache.obtain(dbGb, mediaGb, work.resolve("generated"),
				DrillRestoreBenchmark::generateBackup);
		Map<String, Object> setup = new LinkedHashMap<>(backup.setup());
		Map<String, Long> tables = backup.facts().tables();
		long dbSize = backup.facts().dbSize();
		long[] mediaStats = { backup.facts().mediaFiles(), backup.facts().mediaBytes() };

		String prefix = "bench";
		Map<String, Object> manifest = new LinkedHashMap<>();
		manifest.put("version", 1);
		manifest.put("timestamp", TIMESTAMP);
		manifest.put("createdAt", Instant.now().minusSeconds(60).toString());
		manifest.put("environment", "bench");
		manifest.put("database", Map.of("name", "production", "tables", tables));
		manifest.put("media", Map.of("files", mediaStats[0], "bytes", mediaStats[1]));
		manifest.put("objects", Map.of("db.dump", Map.of("size", Files.size(backup.dump()), "sha256",
				backup.dumpSha256()), "media.tar.gz", Map.of("size", Files.size(backup.tarball()), "sha256",
				backup.tarballSha256())));
		long t0 = System.nanoTime();
		s3.put(BUCKET, prefix + "/" + TIMESTAMP + "/db.dump", backup.dump());
		s3.put(BUCKET, prefix + "/" + TIMESTAMP + "/media.tar.gz", backup.tarball());
		s3.put(BUCKET, prefix + "/" + TIMESTAMP + "/manifest.json", JSON.writeValueAsBytes(manifest));
		setup.put("upload s", secondsSince(t0));
		long dumpBytes = Files.size(backup.dump());
		long tarballBytes = Files.size(backup.tarball());
		if (!backup.cached()) {
			Files.delete(backup.dump());
			Files.delete(backup.tarball());
		}

		// (b, first half) the baseline runs before and after the drill: this machine is shared, so the load changes
		// during a run, and the mean of the two is compared with the drill that ran between them
		// Every timed part starts with the disks settled (sync): the setup's uploads, or the part before, leave GiBs of
		// dirty pages whose writeback would otherwise land on the next part. The first restore after the setup was
		// still 3-10 s slower than the later ones in every run (sync did not change that), hence the untimed warm-up
		// baseline first (docs/benchmarks.md, drill, sixteenth round).
		settle();
		if (Boolean.parseBoolean(System.getProperty("bench.warm-up", "true"))) {
			warmUp = baseline(prefix, tables, mediaStats[0], "warm-up");
			settle();
		}
		Map<String, Double> baselineBefore = baseline(prefix, tables, mediaStats[0], "before");

		// the environment's current state: a small app database and some media (safety backup is cheap; see docs)
		pg.createDatabase("app");
		pg.sql("app", "CREATE TABLE stale (x int); INSERT INTO stale SELECT generate_series(1, 1000);");
		Path appDir = work.resolve("srv/app");
		Path mediaDir = appDir.resolve("media");
		Files.createDirectories(mediaDir);
		Files.writeString(mediaDir.resolve("old.txt"), "media from before the drill\n");
		Files.writeString(appDir.resolve("health"), "ok\n");

		// --- (a) the drill, through the API
		ApiClient api = new ApiClient(port, IntegrationTest.ADMIN_TOKEN);
		String environment = "bench-" + UUID.randomUUID().toString().substring(0, 6);
		JsonNode drill;
		double drillWall;
		Path pidFile = work.resolve("app.pid");
		String runLog;
		List<Map.Entry<String, Double>> taskTimes;
		StringBuilder timedLog = new StringBuilder();
		// The safety backups default to a fixed directory under /var/tmp that keeps the newest three per database name,
		// which drills run by other checkouts' tests on this machine share: host_vars beside the playbook (above role
		// defaults, below extra vars) give this run its own.
		Path hostVars = Path.of("ansible/playbooks/host_vars/db-" + environment + ".yml");
		try {
			Files.createDirectories(hostVars.getParent());
			Files.writeString(hostVars, "safety_backup_dir: " + work.resolve("drill-safety") + "\n");
			created(api.post("/api/v1/environments",
					Map.of("name", environment, "kind", "staging", "cloudProvider", "aws", "region", "us-east-1")));
			Map<String, Object> credential = new LinkedHashMap<>();
			credential.put("name", "bench-" + environment);
			credential.put("type", "ssh-key");
			credential.put("privateKey", sshd.clientPrivateKey());
			credential.put("passphrase", null);
			String credentialId = created(api.post("/api/v1/credentials", credential)).path("id").asString();
			Map<String, Object> server = new LinkedHashMap<>();
			server.put("name", "db-" + environment);
			server.put("host", sshd.host());
			server.put("port", sshd.port());
			server.put("username", sshd.username());
			server.put("environment", environment);
			server.put("credentialId", credentialId);
			server.put("hostKeyPolicy", "strict");
			server.put("hostKeyFingerprint", sshd.hostKeyFingerprint());
			created(api.post("/api/v1/servers", server));
			Map<String, Object> storage = s3.storageSettings(BUCKET, prefix);
			ok(api.put("/api/v1/environments/" + environment + "/backup-storage", storage));
			int appPort = freePort("127.0.0.4");
			Map<String, Object> settings = new LinkedHashMap<>();
			settings.put("server", "db-" + environment);
			settings.put("database", Map.of("name", "app", "mode", "host", "user", "postgres", "host", pg.host(), "port",
					pg.port()));
			settings.put("mediaDir", mediaDir.toString());
			settings.put("appDir", appDir.toString());
			settings.put("startCommand", "setsid -f sh -c 'echo $$ > " + pidFile + "; exec python3 -m http.server "
					+ appPort + " --bind 127.0.0.4' > /dev/null 2>&1 < /dev/null");
			settings.put("healthUrl", "http://127.0.0.4:" + appPort + "/health");
			settings.put("healthTimeoutSeconds", 60);
			settings.put("rtoTargetSeconds", 1800);
			settings.put("restoreJobs", 2);
			ok(api.put("/api/v1/environments/" + environment + "/drill-settings", settings));

			settle();
			loadAtDrill = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
			long start = System.nanoTime();
			Response started = api.post("/api/v1/drills", Map.of("environment", environment, "type", "full"));
			assertThat(started.status()).as(started.toString()).isEqualTo(202);
			String id = started.json().path("id").asString();
			Awaitility.await("drill ends")
				.atMost(LONG)
				.pollInterval(Duration.ofMillis(500))
				.until(() -> !List.of("QUEUED", "RUNNING")
					.contains(api.get("/api/v1/drills/" + id).json().path("status").asString()));
			drillWall = secondsSince(start);
			drill = api.get("/api/v1/drills/" + id).json();
			runLog = api.get("/api/v1/runs/" + drill.path("runId").asString() + "/log").body();
			taskTimes = taskTimes(api, drill.path("runId").asString(), Instant.parse(drill.path("createdAt").asString()),
					timedLog);
		}
		finally {
			stopApplication(pidFile);
			Files.deleteIfExists(hostVars);
			try (Stream<Path> left = Files.list(hostVars.getParent())) {
				if (left.findAny().isEmpty()) {
					Files.delete(hostVars.getParent());
				}
			}
		}
		Path results = Files.createDirectories(Path.of("bench/results"));
		String stamp = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC).format(Instant.now());
		Files.writeString(results.resolve("drill-restore-" + stamp + ".log"), runLog);
		Files.writeString(results.resolve("drill-restore-" + stamp + ".timed.log"), timedLog);
		Files.writeString(results.resolve("drill-restore-" + stamp + ".json"), drill.toPrettyString());
		StringBuilder tsv = new StringBuilder("seconds\ttask\n");
		taskTimes.forEach(e -> tsv.append(fmt(e.getValue())).append('\t').append(e.getKey()).append('\n'));
		Files.writeString(results.resolve("drill-restore-" + stamp + ".tasks.tsv"), tsv);
		assertThat(drill.path("status").asString()).as(drill.toPrettyString()).isEqualTo("SUCCEEDED");
		assertThat(counts("app")).isEqualTo(tables);
		assertThat(mediaFiles(mediaDir)).isEqualTo(mediaStats[0]);
		exec(List.of("rm", "-rf", mediaDir.toString()), LONG);
		pg.dropDatabase("app");

		// --- (b) the sequential baseline on the same objects, again after the drill (see baselineBefore)
		settle();
		Map<String, Double> baselineAfter = baseline(prefix, tables, mediaStats[0], "after");
		Map<String, Double> base = new LinkedHashMap<>();
		baselineBefore.forEach((step, seconds) -> base.put(step + ": before / after the drill / mean",
				(seconds + baselineAfter.get(step)) / 2));
		Map<String, String> baseCells = new LinkedHashMap<>();
		baselineBefore.forEach((step, seconds) -> baseCells.put(step, fmt(seconds) + " / " + fmt(baselineAfter.get(step))
				+ " / " + fmt((seconds + baselineAfter.get(step)) / 2)));

		double baselineTotal = base.values().stream().mapToDouble(Double::doubleValue).sum();
		double drillTotal = drill.path("durationSeconds").asDouble();
		String report = report(dbGb, mediaGb, dbSize, tables, dumpBytes, tarballBytes, mediaStats, setup, drill,
				drillWall, baseCells, baselineBefore, baselineAfter, baselineTotal, drillTotal) + taskReport(taskTimes);
		Files.writeString(results.resolve("drill-restore-" + stamp + ".md"), report);
		System.out.println(report);
		String docs = System.getProperty("bench.docs", "");
		if (!docs.isBlank()) {
			writeIntoDocs(Path.of(docs), report);
		}
	}

	/**
	 * Generates the backup the drill and the baseline restore: a database of about {@code bench.db-gb} GiB dumped
	 * with {@code pg_dump -Fc} to {@code into/db.dump} (the database is dropped afterwards), and {@code bench.media-gb}
	 * GiB of media packed with {@code tar -czf} into {@code into/media.tar.gz}. Seconds per stage go to {@code setup}.
	 */
	private static DrillBackupCache.Facts generateBackup(Path into, Map<String, Object> setup) throws Exception {
		double dbGb = Double.parseDouble(System.getProperty("bench.db-gb", "1"));
		double mediaGb = Double.parseDouble(System.getProperty("bench.media-gb", "1"));
		long t0 = System.nanoTime();
		Map<String, Long> tables = generateDatabase("production", (long) (dbGb * GIB));
		setup.put("generate database s", secondsSince(t0));
		long dbSize = Long.parseLong(pg.value("postgres", "SELECT pg_database_size('production')"));
		t0 = System.nanoTime();
		exec(List.of(PostgresServer.BIN.resolve("pg_dump").toString(), "-h", pg.host(), "-p", String.valueOf(pg.port()),
				"-U", "postgres", "-Fc", "-f", into.resolve("db.dump").toString(), "-d", "production"), LONG);
		setup.put("pg_dump -Fc s", secondsSince(t0));
		pg.dropDatabase("production");
		Path mediaSource = into.resolve("media-source");
		t0 = System.nanoTime();
		long[] mediaStats = generateMedia(mediaSource, (long) (mediaGb * GIB));
		setup.put("generate media s", secondsSince(t0));
		t0 = System.nanoTime();
		exec(List.of("tar", "-czf", into.resolve("media.tar.gz").toString(), "-C", mediaSource.toString(), "."), LONG);
		setup.put("tar -czf s", secondsSince(t0));
		exec(List.of("rm", "-rf", mediaSource.toString()), LONG);
		return new DrillBackupCache.Facts(dbSize, tables, mediaStats[0], mediaStats[1]);
	}

	/** Writes every dirty page out ({@code sync}), so a timed part does not pay for the writeback of the one before. */
	private static void settle() {
		exec(List.of("sync"), LONG);
	}

	/**
	 * The plain sequential restore: SDK download of db.dump and media.tar.gz, {@code pg_restore -j2} into a fresh
	 * database, {@code tar -xzf} into a fresh directory; checks the result and removes it.
	 * @return seconds per step, in order
	 */
	private static Map<String, Double> baseline(String prefix, Map<String, Long> tables, long mediaFiles, String name)
			throws IOException {
		Path baseline = Files.createDirectories(work.resolve("baseline-" + name));
		Map<String, Double> base = new LinkedHashMap<>();
		// the baseline's window (UTC) on standard output, to line up with a CPU sampler (bench/perf/cpu_sampler.py)
		Instant began = Instant.now();
		long t0 = System.nanoTime();
		s3.client().getObject(b -> b.bucket(BUCKET).key(prefix + "/" + TIMESTAMP + "/db.dump"), baseline.resolve("db.dump"));
		base.put("download db.dump (SDK)", secondsSince(t0));
		t0 = System.nanoTime();
		s3.client().getObject(b -> b.bucket(BUCKET).key(prefix + "/" + TIMESTAMP + "/media.tar.gz"),
				baseline.resolve("media.tar.gz"));
		base.put("download media.tar.gz (SDK)", secondsSince(t0));
		pg.createDatabase("app_baseline");
		Instant restoreBegan = Instant.now();
		t0 = System.nanoTime();
		exec(List.of(PostgresServer.BIN.resolve("pg_restore").toString(), "-h", pg.host(), "-p",
				String.valueOf(pg.port()), "-U", "postgres", "-d", "app_baseline", "-j", "2", "--exit-on-error",
				"--no-owner", "--no-acl", baseline.resolve("db.dump").toString()), LONG);
		base.put("pg_restore -j2", secondsSince(t0));
		Path extracted = Files.createDirectories(baseline.resolve("media"));
		t0 = System.nanoTime();
		exec(List.of("tar", "-xzf", baseline.resolve("media.tar.gz").toString(), "-C", extracted.toString()), LONG);
		base.put("tar -xzf", secondsSince(t0));
		System.out.println("bench-window baseline-" + name + " " + began + " " + Instant.now() + " pg_restore from "
				+ restoreBegan + " " + base);
		assertThat(counts("app_baseline")).isEqualTo(tables);
		assertThat(mediaFiles(extracted)).isEqualTo(mediaFiles);
		pg.dropDatabase("app_baseline");
		exec(List.of("rm", "-rf", baseline.toString()), LONG);
		return base;
	}

	/**
	 * Reads the run's output lines with their times and gives the seconds of every Ansible task: from its
	 * {@code TASK [...]} banner to the next banner (or {@code PLAY RECAP}). The first entry is the time from the
	 * drill's creation to the first banner (queueing, ansible-playbook start-up, SSH connection). Every line, with
	 * the time Opsdeck read it (UTC) and a tab before its text, is appended to {@code timed}: the drill's timeline,
	 * to line up with a CPU sampler ({@code bench/perf/cpu_sampler.py}).
	 */
	private static List<Map.Entry<String, Double>> taskTimes(ApiClient api, String runId, Instant created,
			StringBuilder timed) {
		List<Map.Entry<String, Double>> tasks = new java.util.ArrayList<>();
		String current = "(drill created → first task: queue, ansible-playbook start-up)";
		Instant since = created;
		long after = 0;
		while (true) {
			JsonNode page = api.get("/api/v1/runs/" + runId + "/lines?after=" + after + "&limit=5000").json();
			JsonNode lines = page.path("lines");
			if (lines.isEmpty()) {
				break;
			}
			for (JsonNode line : lines) {
				after = line.path("seq").asLong();
				String text = line.path("text").asString("").replaceAll("\u001b\\[[0-9;]*m", "");
				timed.append(line.path("time").asString()).append('\t').append(text).append('\n');
				if (text.startsWith("TASK [") || text.startsWith("PLAY RECAP")) {
					Instant time = Instant.parse(line.path("time").asString());
					tasks.add(Map.entry(current, Duration.between(since, time).toMillis() / 1000.0));
					current = text.startsWith("TASK [") ? text.substring(6, Math.max(6, text.indexOf(']'))) : "";
					since = time;
				}
			}
		}
		return tasks;
	}

	private static String taskReport(List<Map.Entry<String, Double>> tasks) {
		StringBuilder md = new StringBuilder();
		double total = tasks.stream().mapToDouble(Map.Entry::getValue).sum();
		List<Map.Entry<String, Double>> slow = tasks.stream().filter(e -> e.getValue() >= 1.0)
			.sorted(Map.Entry.<String, Double>comparingByValue().reversed()).toList();
		double fast = tasks.stream().filter(e -> e.getValue() < 1.0).mapToDouble(Map.Entry::getValue).sum();
		md.append("\nAnsible tasks (from the run's line times): ").append(tasks.size() - 1).append(" task banners, ")
			.append(fmt(total)).append(" s from the drill's creation to PLAY RECAP; ")
			.append(tasks.stream().filter(e -> e.getValue() < 1.0).count()).append(" tasks under 1 s take ")
			.append(fmt(fast)).append(" s together. Tasks of 1 s or more:\n\n| task | seconds |\n|---|---:|\n");
		slow.forEach(e -> md.append("| ").append(e.getKey().replace("|", "\\|")).append(" | ").append(fmt(e.getValue())).append(" |\n"));
		return md.toString();
	}

	/**
	 * Creates {@code database} with four tables (two with secondary indexes) and fills it in chunks until
	 * {@code pg_database_size} reaches {@code targetBytes}.
	 * @return exact row counts per table, {@code schema.table}
	 */
	private static Map<String, Long> generateDatabase(String database, long targetBytes) {
		pg.createDatabase(database);
		psql(database, """
				CREATE TABLE users (id serial PRIMARY KEY, email text UNIQUE NOT NULL, name text NOT NULL, created timestamptz);
				CREATE TABLE events (id bigserial PRIMARY KEY, user_id int NOT NULL, kind text NOT NULL, payload text,
				                     created timestamptz NOT NULL);
				CREATE INDEX events_user ON events (user_id, created);
				CREATE TABLE documents (id bigserial PRIMARY KEY, owner int, title text, body text);
				CREATE SCHEMA shop;
				CREATE TABLE shop.orders (id bigserial PRIMARY KEY, user_id int, total numeric(12, 2), note text, placed timestamptz);
				CREATE INDEX orders_user ON shop.orders (user_id);
				INSERT INTO users (email, name, created)
				  SELECT 'user' || g || '@example.org', 'User ' || md5(g::text), now() - g * interval '1 minute'
				  FROM generate_series(1, 100000) g;
				""");
		int chunk = 0;
		while (Long.parseLong(pg.value("postgres", "SELECT pg_database_size('" + database + "')")) < targetBytes) {
			chunk++;
			psql(database, """
					INSERT INTO events (user_id, kind, payload, created)
					  SELECT 1 + (random() * 99999)::int, (ARRAY['view','click','buy','login'])[1 + g %% 4],
					         md5(random()::text) || md5(g::text), now() - (random() * 1000) * interval '1 day'
					  FROM generate_series(1, 400000) g;
					INSERT INTO documents (owner, title, body)
					  SELECT 1 + g %% 100000, 'Document ' || g, repeat(md5(random()::text), 12)
					  FROM generate_series(1, 40000) g;
					INSERT INTO shop.orders (user_id, total, note, placed)
					  SELECT 1 + g %% 100000, round((random() * 500)::numeric, 2), 'order ' || md5(g::text),
					         now() - g * interval '1 second'
					  FROM generate_series(1, 100000) g;
					""".formatted());
			if (chunk > 1000) {
				throw new IllegalStateException("the database does not grow");
			}
		}
		psql(database, "VACUUM ANALYZE;");
		return counts(database);
	}

	private static Map<String, Long> counts(String database) {
		Map<String, Long> counts = new TreeMap<>();
		for (String table : List.of("public.users", "public.events", "public.documents", "shop.orders")) {
			counts.put(table, Long.parseLong(pg.value(database, "SELECT count(*) FROM " + table)));
		}
		return counts;
	}

	/**
	 * Writes random (incompressible, like photos) files of mixed sizes under {@code directory} until
	 * {@code targetBytes}: 60 % of 20-200 KB, 30 % of 0.2-2 MB, 10 % of 2-16 MB, in 24 month directories.
	 * @return {@code [files, bytes]}
	 */
	private static long[] generateMedia(Path directory, long targetBytes) throws IOException {
		SplittableRandom random = new SplittableRandom(42);
		long files = 0;
		long bytes = 0;
		byte[] buffer = new byte[16 << 20];
		while (bytes < targetBytes) {
			double kind = random.nextDouble();
			int size = (kind < 0.6) ? random.nextInt(20_000, 200_000)
					: (kind < 0.9) ? random.nextInt(200_000, 2_000_000) : random.nextInt(2_000_000, 16_000_000);
			size = (int) Math.min(size, Math.max(1, targetBytes - bytes));
			random.nextBytes(buffer);
			Path dir = directory.resolve("uploads/" + (2024 + files % 2) + "/" + String.format("%02d", 1 + files % 12));
			Files.createDirectories(dir);
			Files.write(dir.resolve("photo-" + files + ".jpg"), java.util.Arrays.copyOf(buffer, size));
			files++;
			bytes += size;
		}
		return new long[] { files, bytes };
	}

	private static long mediaFiles(Path directory) throws IOException {
		try (Stream<Path> paths = Files.walk(directory)) {
			return paths.filter(Files::isRegularFile).count();
		}
	}

	private static String report(double dbGb, double mediaGb, long dbSize, Map<String, Long> tables, long dumpBytes,
			long tarballBytes, long[] mediaStats, Map<String, Object> setup, JsonNode drill, double drillWall,
			Map<String, String> base, Map<String, Double> before, Map<String, Double> after, double baselineTotal,
			double drillTotal) {
		StringBuilder md = new StringBuilder();
		md.append("Run ").append(DateTimeFormatter.ISO_INSTANT.format(Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS)))
			.append(" with `bench/drill-restore.sh --db-gb ").append(dbGb).append(" --media-gb ").append(mediaGb)
			.append("`.\n\n");
		md.append("| machine | |\n|---|---|\n");
		md.append("| cores | ").append(Runtime.getRuntime().availableProcessors()).append(" |\n");
		md.append("| memory | ").append(String.format(Locale.ROOT, "%.1f GiB", totalMemory() / (double) GIB)).append(" |\n");
		md.append("| load average (1 min; shared machine) | ").append(String.format(Locale.ROOT, "%.2f", loadAtDrill))
			.append(" when the drill started, ").append(String.format(Locale.ROOT, "%.2f",
					ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()))
			.append(" at the end |\n");
		md.append("| media decompressor of the drill's stream | ").append(onPath("python3") ? "python3 (zlib, one process with the hash)"
				: onPath("pigz") ? "pigz (no python3 on PATH)" : "gzip (no python3 or pigz on PATH)")
			.append("; the baseline's `tar -xzf` uses gzip |\n\n");
		md.append("| data | |\n|---|---|\n");
		md.append("| database (`pg_database_size`) | ").append(mib(dbSize)).append(", rows: ").append(tables).append(" |\n");
		md.append("| db.dump (`pg_dump -Fc`) | ").append(mib(dumpBytes)).append(" |\n");
		md.append("| media | ").append(mediaStats[0]).append(" files, ").append(mib(mediaStats[1])).append(" (random bytes) |\n");
		md.append("| media.tar.gz | ").append(mib(tarballBytes)).append(" |\n");
		md.append("| setup (not timed in the comparison) | ");
		setup.forEach((k, v) -> md.append(k).append(' ').append(v instanceof Double d ? fmt(d) : v).append("; "));
		md.append("|\n\n");
		md.append("**Drill** (`full`, through the API; status ").append(drill.path("status").asString()).append("):\n\n");
		md.append("| step | seconds | message |\n|---|---:|---|\n");
		for (JsonNode step : drill.path("steps")) {
			md.append("| ").append(step.path("name").asString()).append(" | ")
				.append(fmt(step.path("durationSeconds").asDouble())).append(" | ")
				.append(step.path("message").asString("").replace("|", "\\|").replace("\n", " ")).append(" |\n");
		}
		md.append("| **total** (`durationSeconds`) | **").append(fmt(drillTotal)).append("** | wall clock from POST to the end: ")
			.append(fmt(drillWall)).append(" s |\n\n");
		md.append("Playbook metrics: ");
		drill.path("metrics").properties().forEach(e -> md.append('`').append(e.getKey()).append("` ")
			.append(e.getValue().asString()).append("; "));
		md.append("\n\n**Sequential baseline** (same objects, same PostgreSQL; run before and after the drill):\n\n")
			.append("| step | seconds: before / after / mean |\n|---|---:|\n");
		base.forEach((k, v) -> md.append("| ").append(k).append(" | ").append(v).append(" |\n"));
		double sumBefore = before.values().stream().mapToDouble(Double::doubleValue).sum();
		double sumAfter = after.values().stream().mapToDouble(Double::doubleValue).sum();
		md.append("| **total** | ").append(fmt(sumBefore)).append(" / ").append(fmt(sumAfter)).append(" / **")
			.append(fmt(baselineTotal)).append("** |\n\n");
		if (!warmUp.isEmpty()) {
			md.append("Untimed warm-up baseline before them (not in the mean): ");
			warmUp.forEach((k, v) -> md.append(k).append(' ').append(fmt(v)).append(" s; "));
			md.append("total ").append(fmt(warmUp.values().stream().mapToDouble(Double::doubleValue).sum())).append(" s.\n\n");
		}
		md.append("**Ratio drill / baseline: ").append(String.format(Locale.ROOT, "%.2f", drillTotal / baselineTotal))
			.append("×** (target ≤ 1.0×, then ≤ 0.8×).\n");
		return md.toString();
	}

	private static void writeIntoDocs(Path file, String report) throws IOException {
		String begin = "<!-- drill-restore:begin -->";
		String end = "<!-- drill-restore:end -->";
		String text = Files.exists(file) ? Files.readString(file) : "# Benchmarks\n";
		String block = begin + "\n" + report + end;
		int b = text.indexOf(begin);
		int e = text.indexOf(end);
		if (b >= 0 && e > b) {
			text = text.substring(0, b) + block + text.substring(e + end.length());
		}
		else {
			text = text.stripTrailing() + "\n\n" + block + "\n";
		}
		Files.writeString(file, text);
	}

	private static void psql(String database, String sql) {
		execWithInput(List.of("psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", pg.host(), "-p",
				String.valueOf(pg.port()), "-U", "postgres", "-d", database, "-f", "-"), sql, LONG);
	}

	private static void exec(List<String> command, Duration timeout) {
		execWithInput(command, null, timeout);
	}

	private static void execWithInput(List<String> command, String input, Duration timeout) {
		try {
			Path log = Files.createTempFile("opsdeck-bench-", ".log");
			try {
				Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
				try (var stdin = process.getOutputStream()) {
					if (input != null) {
						stdin.write(input.getBytes(StandardCharsets.UTF_8));
					}
				}
				if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
					process.destroyForcibly();
					throw new IllegalStateException(command.get(0) + " did not finish within " + timeout);
				}
				if (process.exitValue() != 0) {
					throw new IllegalStateException(String.join(" ", command) + " exited with " + process.exitValue()
							+ ": " + Files.readString(log));
				}
			}
			finally {
				Files.deleteIfExists(log);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private static void stopApplication(Path pidFile) {
		try {
			if (Files.exists(pidFile)) {
				long pid = Long.parseLong(Files.readString(pidFile).trim());
				ProcessHandle.of(pid).ifPresent(ProcessHandle::destroy);
			}
		}
		catch (IOException | NumberFormatException ex) {
			// nothing to stop
		}
	}

	private static JsonNode created(Response response) {
		assertThat(response.status()).as(response.toString()).isEqualTo(201);
		return response.json();
	}

	private static void ok(Response response) {
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
	}

	private static int freePort(String host) throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(host))) {
			return socket.getLocalPort();
		}
	}

	/** @return whether {@code command} is an executable file in a directory of {@code PATH} (the drill server's: same host) */
	private static boolean onPath(String command) {
		for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
			if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, command))) {
				return true;
			}
		}
		return false;
	}

	private static long totalMemory() {
		try {
			for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
				if (line.startsWith("MemTotal:")) {
					return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
				}
			}
		}
		catch (IOException ex) {
			// unknown
		}
		return 0;
	}

	private static double secondsSince(long nanos) {
		return (System.nanoTime() - nanos) / 1e9;
	}

	private static String fmt(double value) {
		return String.format(Locale.ROOT, "%.1f", value);
	}

	private static String mib(long bytes) {
		return String.format(Locale.ROOT, "%.0f MiB", bytes / (double) (1 << 20));
	}

}
