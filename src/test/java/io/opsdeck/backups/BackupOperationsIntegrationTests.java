package io.opsdeck.backups;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;

import io.opsdeck.backups.BackupCheck.Status;
import io.opsdeck.backups.BackupCleanup.KeepReason;
import io.opsdeck.identity.Actor;
import io.opsdeck.identity.Role;
import io.opsdeck.support.ApiClient;
import io.opsdeck.support.Browser;
import io.opsdeck.support.DocsOutput;
import io.opsdeck.support.ApiClient.Response;
import io.opsdeck.support.IntegrationTest;
import io.opsdeck.support.Scripts;
import io.opsdeck.support.S3Server;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.Alert;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.security.access.AccessDeniedException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * "Verify newest" and retention cleanup against a real S3-compatible server (s3proxy as its own process on
 * 127.0.0.55): backups are put with folder timestamps in the past, because a backup's age is its folder's timestamp.
 */
@IntegrationTest
@ExtendWith(OutputCaptureExtension.class)
class BackupOperationsIntegrationTests {

	private static final String BUCKET = "opsdeck-operations";

	private static S3Server s3;

	@LocalServerPort
	private int port;

	@Autowired
	private Backups backups;

	private ApiClient api;

	private String environment;

	private String prefix;

	@BeforeAll
	static void startStorage() {
		// s3proxy refuses the SDK's CRC32 header on DeleteObjects unless told to ignore unknown headers (AWS, Spaces
		// and MinIO take it): this server takes batches, the strict one in the last test makes Opsdeck fall back
		s3 = S3Server.start("127.0.0.55", Map.of("s3proxy.ignore-unknown-headers", "true"));
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
		environment = createEnvironment("staging");
		prefix = environment;
	}

	private String createEnvironment(String kind) {
		String name = "bo-" + UUID.randomUUID().toString().substring(0, 8);
		Response created = api.post("/api/v1/environments",
				Map.of("name", name, "kind", kind, "cloudProvider", "aws", "region", "us-east-1"));
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		Response saved = api.put("/api/v1/environments/" + name + "/backup-storage", s3.storageSettings(BUCKET, name));
		assertThat(saved.status()).as(saved.toString()).isEqualTo(200);
		return name;
	}

	@Test
	void aDryRunListsExactlyWhatTheRealRunDeletesAndNothingOutsideBackupFoldersIsTouched(CapturedOutput output) {
		Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
		// 40 backups spanning 60 days: one every 36 hours, the newest 2 hours old
		List<String> timestamps = new ArrayList<>();
		for (int i = 0; i < 40; i++) {
			String timestamp = BackupLayout.timestamp(now.minus(Duration.ofHours(2 + 36L * i)));
			timestamps.add(timestamp);
			putBackup(prefix, timestamp, ("dump " + i).getBytes(StandardCharsets.UTF_8),
					("media " + i).getBytes(StandardCharsets.UTF_8), true);
		}
		// the oldest backup also holds 1,050 objects deeper down: more than one DeleteObjects batch
		String oldest = timestamps.get(39);
		IntStream.range(0, 1050)
			.parallel()
			.forEach(i -> s3.put(BUCKET, prefix + "/" + oldest + "/logs/" + i + ".txt", new byte[] { 1 }));
		List<String> untouchable = List.of(prefix + "/README.txt", prefix + "/not-a-timestamp/db.dump",
				prefix + "/2020-01-01-000000/notes.txt", prefix + "-other/" + oldest + "/db.dump", prefix + "/db.dump");
		untouchable.forEach(key -> s3.put(BUCKET, key, new byte[] { 9 }));
		List<String> before = objectKeys(prefix);

		Response dryRun = api.post(cleanupPath(), Map.of("retentionDays", 30, "keepNewest", 3, "dryRun", true));
		assertThat(dryRun.status()).as(dryRun.toString()).isEqualTo(200);
		JsonNode plan = dryRun.json();
		List<String> planned = timestampsOf(plan.path("deleted"));
		// older than 30 days: 2 + 36 i > 720 hours, i >= 20
		assertThat(planned).containsExactlyElementsOf(timestamps.subList(20, 40));
		assertThat(plan.path("dryRun").asBoolean()).isTrue();
		assertThat(plan.path("keptCount").asInt()).isEqualTo(20);
		assertThat(plan.path("deletedObjects").asInt()).isEqualTo(20 * 3 + 1050);
		long plannedBytes = 0;
		for (JsonNode removed : plan.path("deleted")) {
			plannedBytes += removed.path("sizeBytes").asLong();
		}
		// every backup here has db.dump, media.tar.gz and manifest.json, plus the 1,050 one-byte logs in the oldest
		long expectedBytes = 1050;
		for (String timestamp : planned) {
			for (String name : List.of("db.dump", "media.tar.gz", "manifest.json")) {
				expectedBytes += s3.get(BUCKET, prefix + "/" + timestamp + "/" + name).length;
			}
		}
		assertThat(plan.path("deletedBytes").asLong()).isEqualTo(plannedBytes).isEqualTo(expectedBytes);
		assertThat(plan.path("triggeredBy").asString()).startsWith("token:");
		assertThat(objectKeys(prefix)).as("a dry run deletes nothing").containsExactlyElementsOf(before);

		Response real = api.post(cleanupPath(), Map.of("retentionDays", 30, "keepNewest", 3, "dryRun", false));
		assertThat(real.status()).as(real.toString()).isEqualTo(200);
		assertThat(real.json().path("dryRun").asBoolean()).isFalse();
		assertThat(timestampsOf(real.json().path("deleted"))).containsExactlyElementsOf(planned);
		assertThat(real.json().path("deletedBytes").asLong()).isEqualTo(plannedBytes);
		assertThat(real.json().path("failed").isEmpty()).isTrue();

		List<String> expected = before.stream()
			.filter(key -> planned.stream().noneMatch(t -> key.startsWith(prefix + "/" + t + "/")))
			.toList();
		assertThat(objectKeys(prefix)).containsExactlyInAnyOrderElementsOf(expected);
		assertThat(objectKeys(prefix)).containsAll(untouchable.stream().filter(k -> k.startsWith(prefix + "/")).toList());
		assertThat(s3.keys(BUCKET, prefix + "-other/")).contains(prefix + "-other/" + oldest + "/db.dump");
		assertThat(backups.list(environment)).extracting(BackupSummary::timestamp)
			.containsExactlyElementsOf(timestamps.subList(0, 20));

		assertThat(output.getAll()).as("DeleteObjects in batches, no fallback").doesNotContain("refused DeleteObjects");

		Response again = api.post(cleanupPath(), Map.of("retentionDays", 30, "dryRun", false));
		assertThat(again.json().path("deleted").isEmpty()).isTrue();

		// the newest K stay whatever their age: with a 1-day retention and keepNewest 5, backups 1 to 4 (38 h to
		// 6 days old) stay as NEWEST, and again the dry run lists exactly what the real run deletes
		Response keepPlan = api.post(cleanupPath(), Map.of("retentionDays", 1, "keepNewest", 5, "dryRun", true));
		List<String> keepPlanned = timestampsOf(keepPlan.json().path("deleted"));
		assertThat(keepPlanned).containsExactlyElementsOf(timestamps.subList(5, 20));
		List<String> keptNewest = new ArrayList<>();
		keepPlan.json().path("kept").forEach(kept -> {
			assertThat(kept.path("reason").asString()).isEqualTo("NEWEST");
			keptNewest.add(kept.path("timestamp").asString());
		});
		assertThat(keptNewest).containsExactlyElementsOf(timestamps.subList(0, 5));
		List<String> beforeKeep = objectKeys(prefix);
		Response keepReal = api.post(cleanupPath(), Map.of("retentionDays", 1, "keepNewest", 5, "dryRun", false));
		assertThat(timestampsOf(keepReal.json().path("deleted"))).containsExactlyElementsOf(keepPlanned);
		assertThat(objectKeys(prefix)).containsExactlyInAnyOrderElementsOf(beforeKeep.stream()
			.filter(key -> keepPlanned.stream().noneMatch(t -> key.startsWith(prefix + "/" + t + "/")))
			.toList());
		assertThat(backups.list(environment)).extracting(BackupSummary::timestamp)
			.containsExactlyElementsOf(timestamps.subList(0, 5));
	}

	@Test
	void aStorageThatRefusesDeleteObjectsGetsOneDeletePerKey(CapturedOutput output) {
		try (S3Server strict = S3Server.start("127.0.0.56")) {
			strict.createBucket(BUCKET);
			Response saved = api.put("/api/v1/environments/" + environment + "/backup-storage",
					strict.storageSettings(BUCKET, prefix));
			assertThat(saved.status()).as(saved.toString()).isEqualTo(200);
			List<String> timestamps = new ArrayList<>();
			for (int i = 0; i < 4; i++) {
				String timestamp = BackupLayout.timestamp(Instant.now().minus(Duration.ofDays(40 + i)));
				timestamps.add(timestamp);
				strict.put(BUCKET, prefix + "/" + timestamp + "/db.dump", new byte[] { 1 });
				strict.put(BUCKET, prefix + "/" + timestamp + "/manifest.json", new byte[] { 2 });
			}
			strict.put(BUCKET, prefix + "/keep.txt", new byte[] { 3 });

			BackupCleanup cleanup = backups.cleanup(environment, Duration.ofDays(30), 1, false, admin());
			assertThat(cleanup.deleted()).extracting(BackupCleanup.Removed::timestamp)
				.containsExactlyElementsOf(timestamps.subList(1, 4));
			assertThat(cleanup.failed()).isEmpty();
			assertThat(strict.keys(BUCKET, prefix + "/")).filteredOn(k -> !k.endsWith("/"))
				.containsExactlyInAnyOrder(prefix + "/keep.txt", prefix + "/" + timestamps.get(0) + "/db.dump",
						prefix + "/" + timestamps.get(0) + "/manifest.json");
			assertThat(output.getAll()).contains("refused DeleteObjects; deleting backups of bucket '" + BUCKET
					+ "' one object at a time instead");
		}
	}

	@Test
	void theNewestBackupsAndTheNewestVerifiedOnesStayWhateverTheirAge() {
		Instant now = Instant.now();
		List<String> timestamps = new ArrayList<>();
		for (int i = 0; i < 6; i++) {
			String timestamp = BackupLayout.timestamp(now.minus(Duration.ofDays(100 + i)));
			timestamps.add(timestamp);
			// the two newest have no manifest: they are not verified
			putBackup(prefix, timestamp, new byte[] { 1, 2 }, null, i >= 2);
		}

		BackupCleanup plan = backups.cleanup(environment, Duration.ofDays(30), 2, true, admin());
		assertThat(plan.kept()).extracting(BackupCleanup.Kept::timestamp, BackupCleanup.Kept::reason)
			.containsExactly(org.assertj.core.groups.Tuple.tuple(timestamps.get(0), KeepReason.NEWEST),
					org.assertj.core.groups.Tuple.tuple(timestamps.get(1), KeepReason.NEWEST),
					org.assertj.core.groups.Tuple.tuple(timestamps.get(2), KeepReason.NEWEST_VERIFIED),
					org.assertj.core.groups.Tuple.tuple(timestamps.get(3), KeepReason.NEWEST_VERIFIED));
		assertThat(plan.deleted()).extracting(BackupCleanup.Removed::timestamp)
			.containsExactly(timestamps.get(4), timestamps.get(5));

		BackupCleanup keepOne = backups.cleanup(environment, Duration.ofDays(30), 1, false, admin());
		assertThat(keepOne.deleted()).extracting(BackupCleanup.Removed::timestamp)
			.containsExactlyElementsOf(List.of(timestamps.get(1), timestamps.get(3), timestamps.get(4),
					timestamps.get(5)));
		assertThat(backups.list(environment)).extracting(BackupSummary::timestamp)
			.containsExactly(timestamps.get(0), timestamps.get(2));
		assertThat(s3.keys(BUCKET, prefix + "/" + timestamps.get(5) + "/")).filteredOn(k -> !k.endsWith("/")).isEmpty();
	}

	@Test
	void aBackupDatedInTheFutureIsAFindingNeverTheNewestAndNeverDeleted() {
		Instant now = Instant.now();
		List<String> real = new ArrayList<>();
		for (int i = 0; i < 3; i++) {
			String timestamp = BackupLayout.timestamp(now.minus(Duration.ofDays(2 + i)));
			real.add(timestamp);
			putBackup(prefix, timestamp, new byte[] { 1, (byte) i }, null, true);
		}
		String future = "2099-01-01-000000";
		putBackup(prefix, future, new byte[] { 7 }, null, true);

		Response plan = api.post(cleanupPath(), Map.of("retentionDays", 1, "keepNewest", 1, "dryRun", true));
		assertThat(plan.status()).as(plan.toString()).isEqualTo(200);
		assertThat(plan.json().path("kept").toString()).contains("\"" + future + "\"", "FUTURE_TIMESTAMP");
		assertThat(plan.json().path("kept").get(1).path("timestamp").asString()).isEqualTo(real.get(0));
		assertThat(plan.json().path("kept").get(1).path("reason").asString()).isEqualTo("NEWEST");
		assertThat(timestampsOf(plan.json().path("deleted"))).containsExactly(real.get(1), real.get(2));
		BackupCleanup done = backups.cleanup(environment, Duration.ofDays(1), 1, false, admin());
		assertThat(done.deleted()).extracting(BackupCleanup.Removed::timestamp).containsExactly(real.get(1), real.get(2));
		assertThat(backups.list(environment)).extracting(BackupSummary::timestamp).containsExactly(future, real.get(0));

		Response list = api.get("/api/v1/environments/" + environment + "/backups");
		assertThat(Long.parseLong(list.header("Opsdeck-Rpo-Seconds"))).isGreaterThan(Duration.ofDays(2).toSeconds() - 60);
		assertThat(list.header("Opsdeck-Newest-Backup")).isEqualTo(real.get(0));
		assertThat(list.json().get(0).path("verified").asBoolean()).isFalse();
		assertThat(list.json().get(0).path("findings").toString()).contains("in the future");

		JsonNode check = api.post(verifyPath(72), "").json();
		assertThat(check.path("status").asString()).as(check.toString()).isEqualTo("INVALID");
		assertThat(check.path("newestTimestamp").asString()).isEqualTo(real.get(0));
		assertThat(check.path("checksumsVerified").asBoolean()).isTrue();
		assertThat(check.path("findings").toString()).contains(future + " is in the future");
	}

	@Test
	void cleanupValidatesItsInputAndAnEmptyBodyIsADryRunWithTheSeedDefaults() {
		putBackup(prefix, BackupLayout.timestamp(Instant.now().minus(Duration.ofDays(40))), new byte[] { 1 }, null,
				true);
		putBackup(prefix, BackupLayout.timestamp(Instant.now().minus(Duration.ofDays(41))), new byte[] { 1 }, null,
				true);
		assertField(api.post(cleanupPath(), Map.of("retentionDays", 0)), "retentionDays");
		assertField(api.post(cleanupPath(), Map.of("retentionDays", 3651)), "retentionDays");
		assertField(api.post(cleanupPath(), Map.of("keepNewest", 0)), "keepNewest");
		assertField(api.post(cleanupPath(), Map.of("keepNewest", 1001)), "keepNewest");
		// a deleting request is read strictly: a typo or a coerced value never falls back to a default
		Response typo = api.post(cleanupPath(), "{\"retention_days\":3650,\"dryRun\":true}");
		assertField(typo, "retention_days");
		assertThat(typo.json().path("errors").get(0).path("message").asString()).isEqualTo("is not a known field");
		for (String dryRun : List.of("0", "1", "\"false\"", "\"False\"", "\"\"")) {
			assertField(api.post(cleanupPath(), "{\"dryRun\":" + dryRun + "}"), "dryRun");
		}
		assertField(api.post(cleanupPath(), "{\"retentionDays\":1.5,\"dryRun\":true}"), "retentionDays");
		assertField(api.post(cleanupPath(), "{\"keepNewest\":\"2\"}"), "keepNewest");
		assertThat(backups.list(environment)).as("nothing deleted by a refused request").hasSize(2);
		assertThatThrownBy(() -> backups.cleanup(environment, Duration.ofHours(23), 3, true, admin()))
			.hasMessageContaining("between 1 and 3650 days");

		Response empty = api.post(cleanupPath(), "");
		assertThat(empty.status()).as(empty.toString()).isEqualTo(200);
		assertThat(empty.json().path("dryRun").asBoolean()).isTrue();
		assertThat(empty.json().path("retentionDays").asInt()).isEqualTo(30);
		assertThat(empty.json().path("keepNewest").asInt()).isEqualTo(3);
		assertThat(empty.json().path("deleted").isEmpty()).as("keepNewest 3 keeps both").isTrue();
		assertThat(backups.list(environment)).hasSize(2);

		Response oneKept = api.post(cleanupPath(), Map.of("keepNewest", 1));
		assertThat(oneKept.json().path("deleted").size()).isEqualTo(1);
		assertThat(backups.list(environment)).as("still a dry run").hasSize(2);

		assertThat(api.post("/api/v1/environments/no-such-env/backups/cleanup", "").status()).isEqualTo(404);
		String unconfigured = "bo-" + UUID.randomUUID().toString().substring(0, 8);
		api.post("/api/v1/environments",
				Map.of("name", unconfigured, "kind", "staging", "cloudProvider", "aws", "region", "us-east-1"));
		Response conflict = api.post("/api/v1/environments/" + unconfigured + "/backups/cleanup", "");
		assertThat(conflict.status()).isEqualTo(409);
		assertThat(conflict.header("Content-Type")).startsWith("application/problem+json");
	}

	@Test
	void productionBackupsAreDeletedOnlyByAnAdminOrASchedule() {
		String production = createEnvironment("production");
		putBackup(production, BackupLayout.timestamp(Instant.now().minus(Duration.ofDays(50))), new byte[] { 1 }, null,
				true);
		putBackup(production, BackupLayout.timestamp(Instant.now().minus(Duration.ofDays(51))), new byte[] { 1 }, null,
				true);
		String path = "/api/v1/environments/" + production + "/backups/cleanup";
		ApiClient operator = api.withToken(token("OPERATOR"));
		ApiClient viewer = api.withToken(token("VIEWER"));

		assertThat(viewer.post(path, Map.of("dryRun", true)).status()).isEqualTo(403);
		Response dryRun = operator.post(path, Map.of("keepNewest", 1, "dryRun", true));
		assertThat(dryRun.status()).as(dryRun.toString()).isEqualTo(200);
		assertThat(dryRun.json().path("deleted").size()).isEqualTo(1);
		Response refused = operator.post(path, Map.of("keepNewest", 1, "dryRun", false));
		assertThat(refused.status()).as(refused.toString()).isEqualTo(403);
		assertThat(refused.json().path("detail").asString()).contains("needs an ADMIN");
		assertThat(backups.list(production)).hasSize(2);

		// an operator may delete on staging
		putBackup(prefix, BackupLayout.timestamp(Instant.now().minus(Duration.ofDays(50))), new byte[] { 1 }, null,
				true);
		putBackup(prefix, BackupLayout.timestamp(Instant.now().minus(Duration.ofDays(51))), new byte[] { 1 }, null,
				true);
		Response staging = operator.post(cleanupPath(), Map.of("keepNewest", 1, "dryRun", false));
		assertThat(staging.status()).as(staging.toString()).isEqualTo(200);
		assertThat(backups.list(environment)).hasSize(1);

		Actor operatorUser = new Actor(Actor.Kind.USER, "olivia", Role.OPERATOR);
		assertThatThrownBy(() -> backups.cleanup(production, Duration.ofDays(30), 1, false, operatorUser))
			.isInstanceOf(AccessDeniedException.class);
		BackupCleanup scheduled = backups.cleanup(production, Duration.ofDays(30), 1, false,
				new Actor(Actor.Kind.SCHEDULE, "monthly cleanup", Role.OPERATOR));
		assertThat(scheduled.deleted()).hasSize(1);
		assertThat(scheduled.triggeredBy()).isEqualTo("schedule:monthly cleanup");
		assertThat(backups.list(production)).hasSize(1);
	}

	@Test
	void verifyDownloadsTheNewestBackupAndComparesEveryChecksum() throws Exception {
		Response none = api.post(verifyPath(26), "");
		assertThat(none.status()).as(none.toString()).isEqualTo(200);
		assertThat(none.json().path("status").asString()).isEqualTo("NO_BACKUP");
		assertThat(none.json().path("newestTimestamp").isNull()).isTrue();

		byte[] dump = new byte[3 * 1024 * 1024 + 17];
		new java.util.Random(42).nextBytes(dump);
		byte[] media = "media archive".getBytes(StandardCharsets.UTF_8);
		String older = BackupLayout.timestamp(Instant.now().minus(Duration.ofHours(30)));
		putBackup(prefix, older, "old".getBytes(StandardCharsets.UTF_8), null, true);
		String newest = BackupLayout.timestamp(Instant.now().minus(Duration.ofHours(3)));
		putBackup(prefix, newest, dump, media, true);

		Response ok = api.post(verifyPath(26), "");
		assertThat(ok.status()).as(ok.toString()).isEqualTo(200);
		JsonNode check = ok.json();
		assertThat(check.path("status").asString()).as(check.toString()).isEqualTo("OK");
		assertThat(check.path("newestTimestamp").asString()).isEqualTo(newest);
		assertThat(check.path("fresh").asBoolean()).isTrue();
		assertThat(check.path("manifestVerified").asBoolean()).isTrue();
		assertThat(check.path("checksumsVerified").asBoolean()).isTrue();
		assertThat(check.path("bytesVerified").asLong()).isEqualTo(dump.length + media.length);
		assertThat(check.path("maxAgeSeconds").asLong()).isEqualTo(26 * 3600);
		assertThat(check.path("ageSeconds").asLong()).isBetween(3 * 3600L - 5, 3 * 3600L + 120);
		assertThat(check.path("findings").isEmpty()).isTrue();
		assertThat(check.path("objects").get(0).path("actualSha256").asString()).isEqualTo(sha256(dump));

		// the same backup is stale against a 2-hour threshold, and intact
		BackupCheck stale = backups.verifyNewest(environment, Duration.ofHours(2));
		assertThat(stale.status()).isEqualTo(Status.STALE);
		assertThat(stale.fresh()).isFalse();
		assertThat(stale.checksumsVerified()).isTrue();
		assertThat(stale.findings()).singleElement().asString().contains("more than the 2 h allowed");

		// one byte flipped, size unchanged: only the checksum can tell
		byte[] corrupt = dump.clone();
		corrupt[dump.length / 2] ^= 1;
		s3.put(BUCKET, prefix + "/" + newest + "/db.dump", corrupt);
		BackupCheck invalid = backups.verifyNewest(environment, Duration.ofHours(26));
		assertThat(invalid.status()).isEqualTo(Status.INVALID);
		assertThat(invalid.manifestVerified()).as("sizes still match").isTrue();
		assertThat(invalid.checksumsVerified()).isFalse();
		assertThat(invalid.findings()).singleElement()
			.asString()
			.isEqualTo("db.dump has sha256 " + sha256(corrupt) + ", manifest.json says " + sha256(dump));
		assertThat(invalid.objects()).filteredOn(BackupCheck.ObjectCheck::ok)
			.extracting(BackupCheck.ObjectCheck::name)
			.containsExactly("media.tar.gz");

		// a newer backup without manifest: INVALID, even though it is fresh
		String unfinished = BackupLayout.timestamp(Instant.now().minus(Duration.ofMinutes(10)));
		putBackup(prefix, unfinished, dump, null, false);
		Response missing = api.post(verifyPath(26), "");
		assertThat(missing.json().path("status").asString()).isEqualTo("INVALID");
		assertThat(missing.json().path("newestTimestamp").asString()).isEqualTo(unfinished);
		assertThat(missing.json().path("manifestVerified").asBoolean()).isFalse();
		assertThat(missing.json().path("fresh").asBoolean()).isTrue();
		assertThat(missing.json().path("findings").get(0).asString()).isEqualTo("manifest.json is missing");
		assertThat(missing.json().path("bytesVerified").asLong()).isZero();

		assertField(api.post(verifyPath(0), ""), "maxAgeHours");
		assertThat(api.withToken(token("VIEWER")).post(verifyPath(26), "").status()).isEqualTo(403);
	}

	@Test
	@Tag("browser")
	void theBackupsPageVerifiesTheNewestAndCleansUpAfterAPreviewAndAConfirmation() {
		assumeTrue(Browser.chromiumInstalled(), "needs chromium and chromium-driver");
		Instant now = Instant.now();
		List<String> timestamps = new ArrayList<>();
		for (int i = 0; i < 8; i++) {
			String timestamp = BackupLayout.timestamp(now.minus(Duration.ofHours(3 + 24L * 7 * i)));
			timestamps.add(timestamp);
			putBackup(prefix, timestamp, ("dump " + i).repeat(1000).getBytes(StandardCharsets.UTF_8),
					("media " + i).repeat(3000).getBytes(StandardCharsets.UTF_8), true);
		}
		Duration page = Duration.ofSeconds(20);
		Path images = DocsOutput.directory("images");
		try (Browser browser = Browser.start(port)) {
			browser.consoleProblems();
			browser.openAsAdmin("/environments/" + environment + "/backups", IntegrationTest.ADMIN_PASSWORD, page);
			browser.clickAndWaitForNewPage(browser.find(Browser.testId("verify-newest")), page);
			assertThat(browser.find(Browser.testId("verify-status")).getText()).isEqualTo("OK");
			assertThat(browser.find(Browser.testId("verify-result")).getText()).contains(timestamps.get(0))
				.contains("checksums verified");

			WebElement retention = browser.find(By.id("retentionDays"));
			retention.clear();
			retention.sendKeys("30");
			browser.clickAndWaitForNewPage(browser.find(Browser.testId("preview-cleanup")), page);
			// weekly backups, the newest 3 hours old: older than 30 days are weeks 5, 6 and 7
			List<String> doomed = browser.findAll(By.cssSelector("[data-doomed]"))
				.stream()
				.map(row -> row.getDomAttribute("data-doomed"))
				.toList();
			assertThat(doomed).containsExactlyElementsOf(timestamps.subList(5, 8));
			browser.screenshot(images.resolve("backups-cleanup.png"));
			assertThat(backups.list(environment)).as("a preview deletes nothing").hasSize(8);

			browser.click(browser.find(Browser.testId("confirm-cleanup")));
			Alert question = browser.await(page, ExpectedConditions.alertIsPresent());
			assertThat(question.getText()).startsWith("Delete 3 backups of " + environment);
			question.dismiss();
			assertThat(backups.list(environment)).as("cancelled").hasSize(8);

			browser.click(browser.find(Browser.testId("confirm-cleanup")));
			browser.await(page, ExpectedConditions.alertIsPresent()).accept();
			browser.await(page, ExpectedConditions.urlMatches("/environments/" + environment + "/backups$"));
			browser.await(page, ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(".alert-success"),
					"Deleted 3 backups"));
			assertThat(backups.list(environment)).extracting(BackupSummary::timestamp)
				.containsExactlyElementsOf(timestamps.subList(0, 5));
			assertThat(browser.consoleProblems()).as("console errors and CSP violations").isEmpty();
		}
	}

	@Test
	void schedulesVerifyAndCleanUpThroughTheSameCodeAndRecordTheResult() {
		String old = BackupLayout.timestamp(Instant.now().minus(Duration.ofDays(40)));
		putBackup(prefix, old, "old".getBytes(StandardCharsets.UTF_8), null, true);
		String newest = BackupLayout.timestamp(Instant.now().minus(Duration.ofHours(2)));
		putBackup(prefix, newest, "new".getBytes(StandardCharsets.UTF_8), null, true);
		Map<String, Object> verify = new java.util.LinkedHashMap<>(Map.of("name", environment + " verify", "action",
				"backup-verify", "environment", environment, "cron", "0 30 6 ? * MON", "timeZone", "UTC"));
		String verifyId = api.post("/api/v1/schedules", verify).json().path("id").asString();
		Map<String, Object> cleanup = new java.util.LinkedHashMap<>(Map.of("name", environment + " cleanup", "action",
				"backup-cleanup", "environment", environment, "cron", "0 0 4 1 * ?", "timeZone", "UTC", "parameters",
				Map.of("retentionDays", 30, "keepNewest", 1)));
		String cleanupId = api.post("/api/v1/schedules", cleanup).json().path("id").asString();

		Response verified = api.post("/api/v1/schedules/" + verifyId + "/trigger", Map.of());
		assertThat(verified.status()).as(verified.toString()).isEqualTo(202);
		assertThat(verified.json().path("outcome").asString()).as(verified.toString()).isEqualTo("SUCCEEDED");
		assertThat(verified.json().path("message").asString()).contains(newest).contains("OK");

		Response cleaned = api.post("/api/v1/schedules/" + cleanupId + "/trigger", Map.of());
		assertThat(cleaned.json().path("outcome").asString()).as(cleaned.toString()).isEqualTo("SUCCEEDED");
		assertThat(cleaned.json().path("message").asString()).startsWith("deleted 1 backups older than 30 days");
		assertThat(objectKeys(prefix)).noneMatch(key -> key.contains(old)).anyMatch(key -> key.contains(newest));

		// a stale newest backup fails the verification, with the reason on the fire
		Map<String, Object> strict = new java.util.LinkedHashMap<>(verify);
		strict.put("parameters", Map.of("maxAgeHours", 1));
		assertThat(api.put("/api/v1/schedules/" + verifyId, strict).status()).isEqualTo(200);
		Response stale = api.post("/api/v1/schedules/" + verifyId + "/trigger", Map.of());
		assertThat(stale.json().path("outcome").asString()).isEqualTo("FAILED");
		assertThat(stale.json().path("message").asString()).contains("STALE");
	}

	@Test
	void theSeedsCleanupScriptWorksThroughTheApi() throws Exception {
		for (int i = 0; i < 3; i++) {
			putBackup(prefix, BackupLayout.timestamp(Instant.now().minus(Duration.ofDays(40 + i))), new byte[] { 1 },
					null, true);
		}
		Scripts.Result dryRun = cleanupScript("aws", "30", "--env", environment, "--keep", "1", "--dry-run");
		assertThat(dryRun.exitCode()).as(dryRun.output()).isZero();
		assertThat(dryRun.output()).contains(environment + ": would delete 2 backups older than 30 days");
		assertThat(backups.list(environment)).hasSize(3);

		// without --env: every aws environment (other test classes' environments too, so only a dry run here)
		Scripts.Result all = cleanupScript("aws", "30", "--keep", "1", "--dry-run");
		assertThat(all.output()).contains(environment + ": would delete 2 backups older than 30 days");

		Scripts.Result real = cleanupScript("aws", "30", "--env", environment, "--keep", "1");
		assertThat(real.exitCode()).as(real.output()).isZero();
		assertThat(real.output()).contains(environment + ": deleted 2 backups older than 30 days");
		assertThat(backups.list(environment)).hasSize(1);

		assertThat(cleanupScript("aws", "0").exitCode()).isEqualTo(2);
		Scripts.Result wrongCloud = cleanupScript("digitalocean", "30", "--env", environment);
		assertThat(wrongCloud.exitCode()).isEqualTo(2);
		assertThat(wrongCloud.output()).contains("runs on aws, not digitalocean");
	}

	/** The script with only bash, curl and coreutils on the PATH ({@link Scripts}), against this instance. */
	private Scripts.Result cleanupScript(String... args) {
		return Scripts.run(port, "cleanup-backups.sh", args);
	}

	@Test
	void theOperationsAreDescribedInOpenApi() {
		JsonNode paths = api.get("/v3/api-docs").json().path("paths");
		assertThat(paths.path("/api/v1/environments/{name}/backups/verify").path("post").path("summary").asString())
			.isEqualTo("Verify the newest backup");
		assertThat(paths.path("/api/v1/environments/{name}/backups/cleanup").path("post").path("tags").get(0).asString())
			.isEqualTo("Backups");
	}

	private String cleanupPath() {
		return "/api/v1/environments/" + environment + "/backups/cleanup";
	}

	private String verifyPath(int maxAgeHours) {
		return "/api/v1/environments/" + environment + "/backups/verify?maxAgeHours=" + maxAgeHours;
	}

	private static Actor admin() {
		return new Actor(Actor.Kind.USER, "admin", Role.ADMIN);
	}

	private String token(String role) {
		Response created = api.post("/api/v1/tokens", Map.of("name", "bo-" + UUID.randomUUID(), "role", role,
				"expiresInDays", 1));
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		return created.json().path("token").asString();
	}

	private static void assertField(Response response, String field) {
		assertThat(response.status()).as(response.toString()).isEqualTo(400);
		assertThat(response.json().path("errors").get(0).path("field").asString()).as(response.toString())
			.isEqualTo(field);
	}

	private static List<String> timestampsOf(JsonNode deleted) {
		List<String> timestamps = new ArrayList<>();
		deleted.forEach(node -> timestamps.add(node.path("timestamp").asString()));
		return timestamps;
	}

	/** @return the object keys under {@code <prefix>/}, without s3proxy's directory markers */
	private static List<String> objectKeys(String prefix) {
		return s3.keys(BUCKET, prefix + "/").stream().filter(key -> !key.endsWith("/")).sorted().toList();
	}

	private void putBackup(String prefix, String timestamp, byte[] dump, byte[] media, boolean withManifest) {
		String folder = prefix + "/" + timestamp + "/";
		s3.put(BUCKET, folder + "db.dump", dump);
		if (media != null) {
			s3.put(BUCKET, folder + "media.tar.gz", media);
		}
		if (withManifest) {
			String objects = "\"db.dump\": {\"size\": %d, \"sha256\": \"%s\"}".formatted(dump.length, sha256(dump));
			if (media != null) {
				objects += ", \"media.tar.gz\": {\"size\": %d, \"sha256\": \"%s\"}".formatted(media.length,
						sha256(media));
			}
			String json = """
					{"version": 1, "timestamp": "%s", "createdAt": "2025-11-07T12:00:03Z",
					 "database": {"name": "app", "tables": {"public.users": 3}}, "objects": {%s}}
					""".formatted(timestamp, objects);
			s3.put(BUCKET, folder + "manifest.json", json.getBytes(StandardCharsets.UTF_8));
		}
	}

	private static String sha256(byte[] bytes) {
		try {
			return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
		}
		catch (java.security.NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
