package io.opsdeck.backups;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;

import io.opsdeck.shared.NotFoundException;
import io.opsdeck.support.ApiClient;
import io.opsdeck.support.ApiClient.Response;
import io.opsdeck.support.IntegrationTest;
import io.opsdeck.support.S3Server;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The backups module against a real S3-compatible server (s3proxy as its own process on loopback): storage settings
 * with a secret that never comes back, connection tests that say what failed, listing that pages past 1,000 objects,
 * verification against manifests, and presigned URLs that work while anonymous access is refused.
 */
@IntegrationTest
class BackupsIntegrationTests {

	private static final String BUCKET = "opsdeck-backups";

	private static S3Server s3;

	@LocalServerPort
	private int port;

	@Autowired
	private Backups backups;

	@Autowired
	private JdbcTemplate jdbc;

	@Autowired
	private ConfigurableApplicationContext context;

	private ApiClient api;

	private String environment;

	@BeforeAll
	static void startStorage() {
		s3 = S3Server.start("127.0.0.3");
		s3.createBucket(BUCKET);
	}

	@AfterAll
	static void stopStorage() {
		if (s3 != null) {
			s3.close();
		}
	}

	@BeforeEach
	void createEnvironment() {
		api = new ApiClient(port, IntegrationTest.ADMIN_TOKEN);
		environment = "bk-" + UUID.randomUUID().toString().substring(0, 8);
		Response created = api.post("/api/v1/environments",
				Map.of("name", environment, "kind", "staging", "cloudProvider", "aws", "region", "us-east-1"));
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
	}

	private String storagePath() {
		return "/api/v1/environments/" + environment + "/backup-storage";
	}

	private Map<String, Object> storage(String prefix) {
		return s3.storageSettings(BUCKET, prefix);
	}

	private void configure(Map<String, Object> body) {
		Response saved = api.put(storagePath(), body);
		assertThat(saved.status()).as(saved.toString()).isEqualTo(200);
	}

	@Test
	void settingsTakeTheSecretAndNeverGiveItBack() {
		Map<String, Object> body = storage("/" + environment + "/daily/");
		Response saved = api.put(storagePath(), body);
		assertThat(saved.status()).as(saved.toString()).isEqualTo(200);
		assertThat(saved.body()).doesNotContain(S3Server.SECRET_ACCESS_KEY);
		assertThat(saved.json().path("secretAccessKeySet").asBoolean()).isTrue();
		assertThat(saved.json().path("prefix").asString()).isEqualTo(environment + "/daily");
		assertThat(saved.json().has("secretAccessKey")).isFalse();

		Response read = api.get(storagePath());
		assertThat(read.status()).isEqualTo(200);
		assertThat(read.body()).doesNotContain(S3Server.SECRET_ACCESS_KEY);
		assertThat(read.json().path("endpoint").asString()).isEqualTo(s3.endpoint());
		assertThat(read.json().path("accessKeyId").asString()).isEqualTo(S3Server.ACCESS_KEY_ID);

		byte[] sealed = jdbc.queryForObject(
				"select s.secret_access_key_sealed from backup_storage s join environments e on e.id = s.environment_id"
						+ " where e.name = ?",
				byte[].class, environment);
		assertThat(new String(sealed, StandardCharsets.ISO_8859_1)).doesNotContain(S3Server.SECRET_ACCESS_KEY);

		// a change without the secret keeps the stored one: the connection test still signs correctly
		Map<String, Object> withoutSecret = new LinkedHashMap<>(body);
		withoutSecret.remove("secretAccessKey");
		withoutSecret.put("prefix", environment);
		assertThat(api.put(storagePath(), withoutSecret).status()).isEqualTo(200);
		Response test = api.post(storagePath() + "/test", "");
		assertThat(test.status()).as(test.toString()).isEqualTo(200);
		assertThat(test.json().path("ok").asBoolean()).isTrue();

		// a new access key id needs its own secret
		withoutSecret.put("accessKeyId", "another-key");
		Response refused = api.put(storagePath(), withoutSecret);
		assertThat(refused.status()).isEqualTo(400);
		assertThat(refused.json().path("errors").get(0).path("field").asString()).isEqualTo("secretAccessKey");

		assertThat(api.delete(storagePath()).status()).isEqualTo(204);
		assertThat(api.get(storagePath()).status()).isEqualTo(404);
		assertThat(api.delete(storagePath()).status()).isEqualTo(404);
	}

	@Test
	void invalidSettingsAreRefusedWithTheFieldAtFault() {
		assertInvalid("bucket", Map.of("bucket", "Bad_Bucket"));
		assertInvalid("bucket", Map.of("bucket", "192.168.1.1"));
		assertInvalid("bucket", Map.of("bucket", "my..bucket"));
		assertInvalid("endpoint", Map.of("endpoint", "ftp://storage.example.com"));
		assertInvalid("endpoint", Map.of("endpoint", "https://user:pw@storage.example.com"));
		assertInvalid("endpoint", Map.of("endpoint", "https://storage.example.com/path?x=1"));
		assertInvalid("endpoint", Map.of("endpoint", ""));
		assertInvalid("prefix", Map.of("prefix", "a//b"));
		assertInvalid("prefix", Map.of("prefix", "a/../b"));
		assertInvalid("prefix", Map.of("prefix", "spaces are not safe"));
		assertInvalid("provider", Map.of("provider", "gcs"));
		assertInvalid("region", Map.of("region", "US East"));
		assertInvalid("secretAccessKey", Map.of("secretAccessKey", ""));
		Response problem = api.put(storagePath(), with(Map.of("bucket", "Bad_Bucket")));
		assertThat(problem.header("Content-Type")).startsWith("application/problem+json");
		assertThat(problem.body()).doesNotContain(S3Server.SECRET_ACCESS_KEY);
		assertThat(api.put("/api/v1/environments/no-such-env/backup-storage", storage("x")).status()).isEqualTo(404);
		assertThat(api.get(storagePath()).status()).isEqualTo(404);
	}

	private Map<String, Object> with(Map<String, Object> changes) {
		Map<String, Object> body = storage("p");
		body.putAll(changes);
		return body;
	}

	private void assertInvalid(String field, Map<String, Object> changes) {
		Response response = api.put(storagePath(), with(changes));
		assertThat(response.status()).as(changes + " -> " + response).isEqualTo(400);
		List<String> fields = new ArrayList<>();
		response.json().path("errors").forEach(error -> fields.add(error.path("field").asString()));
		assertThat(fields).as(changes + " -> " + response).contains(field);
	}

	@Test
	void connectionTestCountsObjectsAndSaysWhatFailed() {
		String prefix = environment + "-test";
		for (int i = 0; i < 3; i++) {
			s3.put(BUCKET, prefix + "/object-" + i, new byte[] { 1 });
		}
		configure(storage(prefix));
		Response ok = api.post(storagePath() + "/test", "");
		assertThat(ok.status()).as(ok.toString()).isEqualTo(200);
		assertThat(ok.json().path("objectsSeen").asInt()).isEqualTo(3);

		Map<String, Object> wrongSecret = storage(prefix);
		wrongSecret.put("secretAccessKey", "not-the-secret-at-all");
		configure(wrongSecret);
		Response credentials = api.post(storagePath() + "/test", "");
		assertThat(credentials.status()).as(credentials.toString()).isEqualTo(502);
		assertThat(credentials.json().path("reason").asString()).isEqualTo("credentials");
		assertThat(credentials.json().path("detail").asString()).contains("credentials").contains(S3Server.ACCESS_KEY_ID);
		assertThat(credentials.body()).doesNotContain("not-the-secret-at-all").doesNotContain(S3Server.SECRET_ACCESS_KEY);

		Map<String, Object> missingBucket = storage(prefix);
		missingBucket.put("bucket", "no-such-bucket-here");
		configure(missingBucket);
		Response bucket = api.post(storagePath() + "/test", "");
		assertThat(bucket.status()).as(bucket.toString()).isEqualTo(502);
		assertThat(bucket.json().path("reason").asString()).isEqualTo("no-such-bucket");
		assertThat(bucket.json().path("detail").asString()).contains("no-such-bucket-here").contains("does not exist");

		Map<String, Object> dead = storage(prefix);
		dead.put("endpoint", "http://127.0.0.3:" + closedPort());
		configure(dead);
		Instant start = Instant.now();
		Response unreachable = api.post(storagePath() + "/test", "");
		assertThat(Duration.between(start, Instant.now())).isLessThan(Duration.ofSeconds(10));
		assertThat(unreachable.status()).as(unreachable.toString()).isEqualTo(502);
		assertThat(unreachable.json().path("reason").asString()).isEqualTo("unreachable");
		assertThat(unreachable.json().path("detail").asString()).contains("cannot reach").contains("127.0.0.3");

		// the list answers the same way, and without settings there is nothing to test
		assertThat(api.get("/api/v1/environments/" + environment + "/backups").status()).isEqualTo(502);
		api.delete(storagePath());
		Response none = api.post(storagePath() + "/test", "");
		assertThat(none.status()).isEqualTo(409);
		assertThat(none.json().path("detail").asString()).contains("no backup storage");
	}

	@Test
	void listingPagesThroughMoreThanAThousandObjects() {
		String prefix = environment + "-many";
		Instant first = Instant.parse("2025-01-01T00:00:00Z");
		List<String> keys = new ArrayList<>();
		// 505 objects that are not backups, sorting before the backups so that most backups are on the second page
		IntStream.range(0, 500).forEach(i -> keys.add(prefix + "/2024-01-01-000000/logs/" + i + ".txt"));
		keys.add(prefix + "/not-a-timestamp/db.dump");
		keys.add(prefix + "/2024-13-01-000000/db.dump");
		keys.add(prefix + "/2024-06-01-000000/manifest.json");
		keys.add(prefix + "/2024-06-02-000000/notes.txt");
		keys.add(prefix + "/db.dump");
		List<String> timestamps = new ArrayList<>();
		for (int i = 0; i < 500; i++) {
			String timestamp = BackupLayout.timestamp(first.plus(Duration.ofMinutes(i)));
			timestamps.add(timestamp);
			keys.add(prefix + "/" + timestamp + "/db.dump");
		}
		keys.add(environment + "-manyother/" + timestamps.get(0) + "/db.dump");
		keys.parallelStream().forEach(key -> s3.put(BUCKET, key, new byte[] { 7, 7 }));
		// s3proxy's filesystem store also lists a "<folder>/" marker per directory: more pages still
		assertThat(s3.keys(BUCKET, prefix + "/")).filteredOn(key -> !key.endsWith("/")).hasSize(1005);

		configure(storage(prefix));
		Response listed = api.get("/api/v1/environments/" + environment + "/backups");
		assertThat(listed.status()).as(listed.toString()).isEqualTo(200);
		JsonNode body = listed.json();
		assertThat(body.size()).isEqualTo(500);
		assertThat(body.get(0).path("timestamp").asString()).isEqualTo(timestamps.get(499));
		assertThat(body.get(499).path("timestamp").asString()).isEqualTo(timestamps.get(0));
		assertThat(body.get(0).path("sizeBytes").asLong()).isEqualTo(2);
		assertThat(body.get(0).path("verified").asBoolean()).isFalse();
		assertThat(body.get(0).path("findings").get(0).asString()).isEqualTo("manifest.json is missing");
		long rpo = Long.parseLong(listed.header("Opsdeck-Rpo-Seconds"));
		assertThat(rpo).isEqualTo(body.get(0).path("ageSeconds").asLong());
		assertThat(rpo).isGreaterThan(Duration.between(first, Instant.now()).toSeconds() - 500 * 60 - 60);
		assertThat(listed.header("Opsdeck-Newest-Backup")).isEqualTo(timestamps.get(499));
	}

	@Test
	void manifestsDecideWhetherABackupVerifies() throws Exception {
		String prefix = environment + "-verify";
		byte[] dump = "pg_dump custom format".getBytes(StandardCharsets.UTF_8);
		byte[] media = "tar and gzip".getBytes(StandardCharsets.UTF_8);
		String good = "2025-11-07-120000";
		String noManifest = "2025-11-06-120000";
		String wrongSize = "2025-11-05-120000";
		String broken = "2025-11-04-120000";
		putBackup(prefix, good, dump, media, manifest(good, dump.length, media.length, sha256(dump), sha256(media)));
		putBackup(prefix, noManifest, dump, null, null);
		putBackup(prefix, wrongSize, dump, media, manifest(wrongSize, dump.length, media.length + 2, sha256(dump),
				sha256(media)));
		putBackup(prefix, broken, dump, null, "{\"version\": 1, \"timestamp\": ".getBytes(StandardCharsets.UTF_8));
		configure(storage(prefix));

		List<BackupSummary> found = backups.list(environment);
		assertThat(found).extracting(BackupSummary::timestamp).containsExactly(good, noManifest, wrongSize, broken);

		BackupSummary verified = found.get(0);
		assertThat(verified.verified()).isTrue();
		assertThat(verified.findings()).isEmpty();
		assertThat(verified.takenAt()).isEqualTo(Instant.parse("2025-11-07T12:00:00Z"));
		assertThat(verified.database().key()).isEqualTo(prefix + "/" + good + "/db.dump");
		assertThat(verified.database().sha256()).isEqualTo(sha256(dump));
		assertThat(verified.media().sizeBytes()).isEqualTo(media.length);
		assertThat(verified.manifest().tables()).containsEntry("public.users", 1200L);
		assertThat(verified.manifest().mediaFiles()).isEqualTo(412L);
		long manifestSize = s3.get(BUCKET, prefix + "/" + good + "/manifest.json").length;
		assertThat(verified.sizeBytes()).isEqualTo(dump.length + media.length + manifestSize);

		assertThat(found.get(1).verified()).isFalse();
		assertThat(found.get(1).findings()).containsExactly("manifest.json is missing");
		assertThat(found.get(1).media()).isNull();
		assertThat(found.get(2).verified()).isFalse();
		assertThat(found.get(2).findings())
			.containsExactly("media.tar.gz is " + media.length + " bytes, manifest says " + (media.length + 2));
		assertThat(found.get(3).verified()).isFalse();
		assertThat(found.get(3).findings()).singleElement().asString().startsWith("manifest.json cannot be used");

		assertThat(backups.find(environment, noManifest)).get().extracting(BackupSummary::verified).isEqualTo(false);
		assertThat(backups.find(environment, "2025-11-03-120000")).isEmpty();
		assertThat(backups.find(environment, "../etc")).isEmpty();
		Response one = api.get("/api/v1/environments/" + environment + "/backups/" + good);
		assertThat(one.status()).isEqualTo(200);
		assertThat(one.json().path("verified").asBoolean()).isTrue();
		assertThat(api.get("/api/v1/environments/" + environment + "/backups/2025-11-03-120000").status())
			.isEqualTo(404);
	}

	@Test
	void presignedUrlsWorkWhileAnonymousAccessIsRefused() throws Exception {
		String prefix = environment + "-presign";
		byte[] dump = "the dump".getBytes(StandardCharsets.UTF_8);
		String timestamp = "2025-11-07-120000";
		putBackup(prefix, timestamp, dump, null, null);
		configure(storage(prefix));

		BackupTransfer download = backups.presignDownload(environment, timestamp, Duration.ofMinutes(5));
		assertThat(download.folderKey()).isEqualTo(prefix + "/" + timestamp + "/");
		assertThat(download.media()).isNull();
		assertThat(download.manifest()).isNull();
		HttpResponse<byte[]> got = api.http()
			.send(HttpRequest.newBuilder(download.database()).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
		assertThat(got.statusCode()).isEqualTo(200);
		assertThat(got.body()).isEqualTo(dump);

		URI anonymous = URI.create(s3.endpoint() + "/" + BUCKET + "/" + prefix + "/" + timestamp + "/db.dump");
		HttpResponse<String> refused = api.http()
			.send(HttpRequest.newBuilder(anonymous).GET().build(), HttpResponse.BodyHandlers.ofString());
		assertThat(refused.statusCode()).isEqualTo(403);

		String next = "2025-11-08-120000";
		BackupTransfer upload = backups.presignUpload(environment, next, Duration.ofMinutes(5));
		assertThat(upload.media()).isNotNull();
		HttpResponse<String> put = api.http()
			.send(HttpRequest.newBuilder(upload.database()).PUT(HttpRequest.BodyPublishers.ofByteArray(dump)).build(),
					HttpResponse.BodyHandlers.ofString());
		assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
		assertThat(s3.get(BUCKET, prefix + "/" + next + "/db.dump")).isEqualTo(dump);
		assertThat(backups.list(environment)).extracting(BackupSummary::timestamp).containsExactly(next, timestamp);

		assertThatThrownBy(() -> backups.presignDownload(environment, "2025-01-01-000000", Duration.ofMinutes(5)))
			.isInstanceOf(NotFoundException.class);
		assertThatThrownBy(() -> backups.presignUpload(environment, timestamp, Duration.ofDays(8)))
			.isInstanceOf(IllegalArgumentException.class);
	}

	@Test
	void theApiIsDescribedInOpenApi() {
		Response docs = api.get("/v3/api-docs");
		assertThat(docs.status()).isEqualTo(200);
		JsonNode paths = docs.json().path("paths");
		assertThat(paths.path("/api/v1/environments/{name}/backup-storage/test").path("post").path("summary").asString())
			.isEqualTo("Test the connection");
		assertThat(paths.path("/api/v1/environments/{name}/backups").path("post").path("tags").get(0).asString())
			.isEqualTo("Backups");
	}

	@Test
	void backUpNowNeedsStorageAndDrillSettings() {
		String path = "/api/v1/environments/" + environment + "/backups";
		Response noStorage = api.post(path, "");
		assertThat(noStorage.status()).isEqualTo(409);
		assertThat(noStorage.json().path("detail").asString()).contains("no backup storage configured");

		configure(storage(environment + "-now"));
		Response noSource = api.post(path, "");
		assertThat(noSource.status()).isEqualTo(409);
		assertThat(noSource.json().path("detail").asString()).contains("configure drill settings first");

		assertThat(api.post("/api/v1/environments/no-such-env/backups", "").status()).isEqualTo(404);
		ApiClient anonymous = new ApiClient(port, null);
		assertThat(anonymous.post(path, "").status()).isEqualTo(401);
	}

	@Test
	void backUpNowStartsOneExclusiveBackupRunWithPresignedUrlsAsSecrets() {
		assumeTrue(Files.isRegularFile(Path.of("ansible/playbooks/backup.yml")),
				"ansible/playbooks/backup.yml comes with the playbooks part of issue 3");
		configure(storage(environment + "-now"));
		String server = "box-" + environment;
		Response created = api.post("/api/v1/servers", Map.of("name", server, "host", "127.0.0.1", "username", "root",
				"environment", environment, "connection", "local"));
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		String bean = "testBackupSource-" + environment;
		BackupSource source = name -> name.equals(environment) ? java.util.Optional.of(new BackupSourceSettings(server,
				false, Map.of("db_name", "opsdeck_backup_test", "db_mode", "host", "db_user", "postgres")))
				: java.util.Optional.empty();
		DefaultListableBeanFactory beans = (DefaultListableBeanFactory) context.getBeanFactory();
		beans.registerSingleton(bean, source);
		try {
			String path = "/api/v1/environments/" + environment + "/backups";
			Response started = api.post(path, "");
			assertThat(started.status()).as(started.toString()).isEqualTo(202);
			String runId = started.json().path("runId").asString();
			assertThat(started.json().path("timestamp").asString()).matches("\\d{4}-\\d{2}-\\d{2}-\\d{6}");
			assertThat(started.header("Location")).isEqualTo("/api/v1/runs/" + runId);

			Response second = api.post(path, "");
			assertThat(second.status()).as(second.toString()).isEqualTo(409);
			assertThat(second.json().path("detail").asString()).contains("Backup").contains(runId);

			Response run = api.get("/api/v1/runs/" + runId);
			assertThat(run.json().path("label").asString()).isEqualTo("Backup");
			assertThat(run.json().path("playbook").asString()).isEqualTo("backup.yml");
			assertThat(run.json().path("exclusive").asBoolean()).isTrue();
			assertThat(run.json().path("parameters").path("extraVars").path("backup_timestamp").asString())
				.isEqualTo(started.json().path("timestamp").asString());
			assertThat(run.json().path("parameters").path("extraVars").path("backup_media_put_url").asString())
				.isEmpty();
			assertThat(run.body()).doesNotContain("X-Amz-Signature").contains("backup_db_put_url");

			api.post("/api/v1/runs/" + runId + "/cancel", "");
			Awaitility.await("backup run ends")
				.atMost(Duration.ofSeconds(60))
				.until(() -> !List.of("QUEUED", "RUNNING")
					.contains(api.get("/api/v1/runs/" + runId).json().path("status").asString()));
		}
		finally {
			beans.destroySingleton(bean);
		}
	}

	private void putBackup(String prefix, String timestamp, byte[] dump, byte[] media, byte[] manifest) {
		s3.put(BUCKET, prefix + "/" + timestamp + "/db.dump", dump);
		if (media != null) {
			s3.put(BUCKET, prefix + "/" + timestamp + "/media.tar.gz", media);
		}
		if (manifest != null) {
			s3.put(BUCKET, prefix + "/" + timestamp + "/manifest.json", manifest);
		}
	}

	private byte[] manifest(String timestamp, long dumpSize, long mediaSize, String dumpSha, String mediaSha) {
		String json = """
				{"version": 1, "timestamp": "%s", "createdAt": "2025-11-07T12:00:03Z", "environment": "%s",
				 "database": {"name": "app", "tables": {"public.users": 1200, "public.orders": 53000}},
				 "media": {"files": 412, "bytes": 73400320},
				 "objects": {"db.dump": {"size": %d, "sha256": "%s"},
				             "media.tar.gz": {"size": %d, "sha256": "%s"}}}
				""".formatted(timestamp, environment, dumpSize, dumpSha, mediaSize, mediaSha);
		return json.getBytes(StandardCharsets.UTF_8);
	}

	private static String sha256(byte[] bytes) throws Exception {
		return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
	}

	private static int closedPort() {
		try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.3"))) {
			return socket.getLocalPort();
		}
		catch (java.io.IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
	}

}
