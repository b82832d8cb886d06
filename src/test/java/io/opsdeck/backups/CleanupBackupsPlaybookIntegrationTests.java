package io.opsdeck.backups;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.opsdeck.support.ApiClient;
import io.opsdeck.support.ApiClient.Response;
import io.opsdeck.support.Browser;
import io.opsdeck.support.IntegrationTest;
import io.opsdeck.support.S3Server;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code ansible/playbooks/cleanup-backups.yml} (seed: "ansible-playbook -i inventory/aws.yml -e retention_days=30
 * playbooks/cleanup-backups.yml") run with the real {@code ansible-playbook} against this running Opsdeck, whose
 * backup storage is a real S3-compatible server (s3proxy on 127.0.0.57): the playbook asks Opsdeck's retention cleanup,
 * so the backups it removes and keeps are exactly those of docs/backups.md.
 */
@IntegrationTest
class CleanupBackupsPlaybookIntegrationTests {

	private static final String BUCKET = "opsdeck-playbook-cleanup";

	private static S3Server s3;

	@LocalServerPort
	private int port;

	@TempDir
	private Path work;

	private ApiClient api;

	private String environment;

	@BeforeAll
	static void startStorage() {
		s3 = S3Server.start("127.0.0.57", Map.of("s3proxy.ignore-unknown-headers", "true"));
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
		environment = createEnvironment("staging", "aws", true);
	}

	@Test
	void removesTheBackupsOlderThanRetentionDaysAndKeepsTheOthers() throws Exception {
		// ages 2 hours, 10, 29, 31, 45 and 90 days; the newest three are also within the 30 days
		List<String> timestamps = new ArrayList<>();
		for (Duration age : List.of(Duration.ofHours(2), Duration.ofDays(10), Duration.ofDays(29), Duration.ofDays(31),
				Duration.ofDays(45), Duration.ofDays(90))) {
			timestamps.add(putBackup(environment, age));
		}
		s3.put(BUCKET, environment + "/README.txt", new byte[] { 7 });
		List<String> before = objectKeys(environment);

		Playbook check = playbook(IntegrationTest.ADMIN_TOKEN, "--check", "-e", "retention_days=30", "-e",
				"environment_name=" + environment);
		assertThat(check.exitCode()).as(check.output()).isZero();
		assertThat(check.output()).contains(environment + ": would delete 3 backups older than 30 days")
			.contains("would delete " + timestamps.get(3), "would delete " + timestamps.get(5));
		assertThat(objectKeys(environment)).as("--check deletes nothing").isEqualTo(before);

		Playbook real = playbook(IntegrationTest.ADMIN_TOKEN, "-e", "retention_days=30", "-e",
				"environment_name=" + environment);
		assertThat(real.exitCode()).as(real.output()).isZero();
		assertThat(real.output()).contains(environment + ": deleted 3 backups older than 30 days")
			.contains("kept 3")
			.contains("deleted " + timestamps.get(3), "deleted " + timestamps.get(4), "deleted " + timestamps.get(5));
		assertThat(recap(real.output(), "changed")).isEqualTo(1);
		assertThat(objectKeys(environment)).containsExactlyInAnyOrderElementsOf(before.stream()
			.filter(key -> timestamps.subList(3, 6).stream().noneMatch(t -> key.startsWith(environment + "/" + t + "/")))
			.toList());
		assertThat(backups()).containsExactlyElementsOf(timestamps.subList(0, 3));
		assertThat(s3.keys(BUCKET, environment + "/")).contains(environment + "/README.txt");

		Playbook again = playbook(IntegrationTest.ADMIN_TOKEN, "-e", "retention_days=30", "-e",
				"environment_name=" + environment);
		assertThat(again.exitCode()).as(again.output()).isZero();
		assertThat(again.output()).contains(environment + ": deleted 0 backups older than 30 days");
		assertThat(recap(again.output(), "changed")).as("nothing left to delete").isZero();

		Playbook shorter = playbook(IntegrationTest.ADMIN_TOKEN, "-e", "retention_days=5", "-e", "keep_newest=1", "-e",
				"environment_name=" + environment);
		assertThat(shorter.exitCode()).as(shorter.output()).isZero();
		assertThat(backups()).containsExactly(timestamps.get(0));
	}

	@Test
	void theSeedCommandLineCleansEveryEnvironmentOnTheInventorysCloudAndNeverPrintsTheToken() throws Exception {
		String other = createEnvironment("staging", "digitalocean", true);
		String withoutStorage = createEnvironment("development", "digitalocean", false);
		String old = putBackup(other, Duration.ofDays(40));
		putBackup(other, Duration.ofDays(41));
		putBackup(other, Duration.ofDays(1));
		putBackup(environment, Duration.ofDays(40));
		Path inventory = Files.writeString(work.resolve("digitalocean.yml"),
				"all:\n  hosts:\n    web-1:\n      ansible_host: 127.0.0.1\n");

		// no environment_name: every digitalocean environment (named by the inventory file), dry run, verbose
		Playbook run = playbook(IntegrationTest.ADMIN_TOKEN, "-vvv", "--check", "-i", inventory.toString(), "-e",
				"retention_days=30", "-e", "keep_newest=1");
		assertThat(run.output()).contains(other + ": would delete 2 backups older than 30 days", "would delete " + old)
			.contains(withoutStorage + ": no backup storage configured, skipped")
			.doesNotContain(environment + ":")
			.doesNotContain(IntegrationTest.ADMIN_TOKEN);
		// other test classes of this JVM leave digitalocean environments whose storage is gone: their FAILED lines
		// may make the run fail, ours must not
		assertThat(run.output()).doesNotContain(other + ": FAILED", withoutStorage + ": FAILED");
		assertThat(backupsOf(other)).hasSize(3);
	}

	@Test
	void failuresSayWhatIsWrong() throws Exception {
		String production = createEnvironment("production", "aws", true);
		putBackup(production, Duration.ofDays(40));
		putBackup(production, Duration.ofDays(41));
		String operator = token("OPERATOR");
		String noStorage = createEnvironment("staging", "aws", false);

		Playbook noToken = playbook("", "-e", "environment_name=" + environment);
		assertThat(noToken.exitCode()).isEqualTo(2);
		assertThat(noToken.output()).contains("set OPSDECK_URL (e.g. http://localhost:8080) and OPSDECK_TOKEN");

		Playbook refused = playbook("odk_not_a_token_at_all_0000000000000", "-e", "environment_name=" + environment);
		assertThat(refused.exitCode()).isEqualTo(2);
		assertThat(refused.output()).contains("OPSDECK_TOKEN was refused (HTTP 401): check the token")
			.doesNotContain("odk_not_a_token_at_all");

		Playbook unreachable = run("http://127.0.0.1:9", IntegrationTest.ADMIN_TOKEN, "-e",
				"environment_name=" + environment);
		assertThat(unreachable.exitCode()).isEqualTo(2);
		assertThat(unreachable.output()).contains("cannot reach http://127.0.0.1:9");

		Playbook unknown = playbook(IntegrationTest.ADMIN_TOKEN, "-e", "environment_name=no-such-env");
		assertThat(unknown.exitCode()).isEqualTo(2);
		assertThat(unknown.output()).contains("environment 'no-such-env': HTTP 404");

		Playbook badRetention = playbook(IntegrationTest.ADMIN_TOKEN, "-e", "retention_days=0", "-e",
				"environment_name=" + environment);
		assertThat(badRetention.exitCode()).isEqualTo(2);
		assertThat(badRetention.output()).contains("retention_days must be 1 to 3650 (got '0')");

		Playbook nothingChosen = playbook(IntegrationTest.ADMIN_TOKEN);
		assertThat(nothingChosen.exitCode()).isEqualTo(2);
		assertThat(nothingChosen.output()).contains("the playbook needs environment_name, or cloud_provider");

		Playbook storageMissing = playbook(IntegrationTest.ADMIN_TOKEN, "-e", "environment_name=" + noStorage);
		assertThat(storageMissing.exitCode()).isEqualTo(2);
		assertThat(storageMissing.output()).contains(noStorage + ": FAILED: HTTP 409")
			.contains("the cleanup failed for " + noStorage);

		Playbook forbidden = playbook(operator, "-e", "environment_name=" + production);
		assertThat(forbidden.exitCode()).isEqualTo(2);
		assertThat(forbidden.output()).contains(production + ": FAILED: HTTP 403").contains("needs an ADMIN");
		assertThat(backupsOf(production)).hasSize(2);

		Playbook dryRunAllowed = playbook(operator, "--check", "-e", "environment_name=" + production);
		assertThat(dryRunAllowed.exitCode()).as(dryRunAllowed.output()).isZero();
		assertThat(dryRunAllowed.output()).contains(production + ": would delete 0 backups");
	}

	private record Playbook(int exitCode, String output) {
	}

	private Playbook playbook(String token, String... arguments) throws Exception {
		return run("http://127.0.0.1:" + port, token, arguments);
	}

	private Playbook run(String url, String token, String... arguments) throws Exception {
		Path project = Browser.projectDirectory();
		List<String> command = new ArrayList<>(List.of("ansible-playbook"));
		command.addAll(List.of(arguments));
		command.add(project.resolve("ansible/playbooks/cleanup-backups.yml").toString());
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
		Map<String, String> env = builder.environment();
		env.put("ANSIBLE_CONFIG", project.resolve("ansible/ansible.cfg").toString());
		env.put("ANSIBLE_LOCAL_TEMP", Files.createDirectories(work.resolve("ansible-tmp")).toString());
		env.put("ANSIBLE_NOCOLOR", "1");
		env.put("PYTHONUNBUFFERED", "1");
		env.put("OPSDECK_URL", url);
		env.put("OPSDECK_TOKEN", token);
		Process process = builder.start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(process.waitFor(3, TimeUnit.MINUTES)).as("ansible-playbook finishes").isTrue();
		return new Playbook(process.exitValue(), output);
	}

	/** @return a counter of the PLAY RECAP line of localhost, e.g. {@code changed} */
	private static int recap(String output, String counter) {
		Matcher matcher = Pattern.compile("localhost\\s+:.*\\b" + counter + "=(\\d+)").matcher(output);
		assertThat(matcher.find()).as(output).isTrue();
		return Integer.parseInt(matcher.group(1));
	}

	private String createEnvironment(String kind, String cloud, boolean withStorage) {
		String name = "cb-" + UUID.randomUUID().toString().substring(0, 8);
		Response created = api.post("/api/v1/environments",
				Map.of("name", name, "kind", kind, "cloudProvider", cloud, "region", "us-east-1"));
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		if (withStorage) {
			Response saved = api.put("/api/v1/environments/" + name + "/backup-storage", s3.storageSettings(BUCKET, name));
			assertThat(saved.status()).as(saved.toString()).isEqualTo(200);
		}
		return name;
	}

	private String token(String role) {
		Response created = api.post("/api/v1/tokens", Map.of("name", "cb-" + UUID.randomUUID(), "role", role,
				"expiresInDays", 1));
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		return created.json().path("token").asString();
	}

	private List<String> backups() {
		return backupsOf(environment);
	}

	private List<String> backupsOf(String name) {
		List<String> timestamps = new ArrayList<>();
		api.get("/api/v1/environments/" + name + "/backups").json()
			.forEach(backup -> timestamps.add(backup.path("timestamp").asString()));
		return timestamps;
	}

	private static List<String> objectKeys(String prefix) {
		return s3.keys(BUCKET, prefix + "/").stream().filter(key -> !key.endsWith("/")).sorted().toList();
	}

	/** Puts a verified backup (db.dump and its manifest.json) whose folder timestamp is {@code age} ago. */
	private static String putBackup(String prefix, Duration age) throws IOException {
		String timestamp = BackupLayout.timestamp(Instant.now().minus(age));
		byte[] dump = ("dump " + timestamp).getBytes(StandardCharsets.UTF_8);
		String folder = prefix + "/" + timestamp + "/";
		s3.put(BUCKET, folder + "db.dump", dump);
		String manifest = """
				{"version": 1, "timestamp": "%s", "createdAt": "2025-11-07T12:00:03Z",
				 "database": {"name": "app", "tables": {"public.users": 3}},
				 "objects": {"db.dump": {"size": %d, "sha256": "%s"}}}
				""".formatted(timestamp, dump.length, sha256(dump));
		s3.put(BUCKET, folder + "manifest.json", manifest.getBytes(StandardCharsets.UTF_8));
		return timestamp;
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
