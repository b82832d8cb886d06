package io.opsdeck.provisioning;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.opsdeck.support.ApiClient;
import io.opsdeck.support.IntegrationTest;
import io.opsdeck.support.SshdServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;
import org.springframework.util.FileSystemUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The provisioning API on real parts, fast: the application on its embedded PostgreSQL, a real OpenSSH sshd on
 * 127.0.0.51 whose "server" is this machine, and the real {@code ansible-playbook} running a stand-in
 * {@code provision.yml} (src/test/resources/provisioning/control-plane) that reports the variables it got, prints the
 * db password on purpose and changes one marker directory under /tmp. The real playbook on a disposable Debian host
 * is {@code ProvisioningEndToEndTests}.
 */
@IntegrationTest
@TestPropertySource(properties = { "opsdeck.test.own-data-directory=true", "opsdeck.ansible.playbook-directory=src/test/resources/provisioning/control-plane/playbooks" })
class ProvisioningApiIntegrationTests {

	private static final Duration PLAYBOOK = Duration.ofMinutes(3);

	private static final String DB_PASSWORD = "Db-Pa55word-" + UUID.randomUUID().toString().substring(0, 8);

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static SshdServer sshd;

	private static String suffix;

	private static String sshKeyId;

	private static String secretId;

	@LocalServerPort
	int port;

	ApiClient api;

	@BeforeAll
	static void startSshd() {
		assumeTrue(SshdServer.isAvailable(), "needs OpenSSH sshd");
		sshd = SshdServer.start("127.0.0.51");
		suffix = UUID.randomUUID().toString().substring(0, 6);
	}

	@AfterAll
	static void stopSshd() {
		if (sshd != null) {
			sshd.close();
		}
	}

	@BeforeEach
	void setUp() {
		api = new ApiClient(port, IntegrationTest.ADMIN_TOKEN);
		if (sshKeyId == null) {
			sshKeyId = created(api.post("/api/v1/credentials",
					Map.of("name", "prov-key-" + suffix, "type", "ssh-key", "privateKey", sshd.clientPrivateKey())));
			secretId = created(api.post("/api/v1/credentials",
					Map.of("name", "prov-db-" + suffix, "type", "secret", "value", DB_PASSWORD)));
		}
	}

	@Test
	void provisionRunsThePlaybookOnTheServerWithTheSettingsAndMaskedSecrets() throws Exception {
		String environment = environment("stg", "staging");
		String serverId = server(environment);
		String serverName = environment + "-web";
		FileSystemUtils.deleteRecursively(Path.of("/tmp/opsdeck-provision-test", serverName));
		ApiClient.Response saved = api.put("/api/v1/environments/" + environment + "/provisioning-settings",
				settings("app.example.com", "ops@example.com", secretId));
		assertThat(saved.status()).as(saved.body()).isEqualTo(200);
		assertThat(saved.json().path("updatedBy").asString()).isEqualTo("token:bootstrap");
		assertThat(saved.json().path("dbPasswordCredentialId").asString()).isEqualTo(secretId);

		ApiClient.Response started = api.post("/api/v1/servers/" + serverId + "/provision",
				Map.of("tags", List.of("django", "security"), "check", false));

		assertThat(started.status()).as(started.body()).isEqualTo(202);
		String runId = started.json().path("id").asString();
		assertThat(started.header("Location")).isEqualTo("/api/v1/runs/" + runId);
		assertThat(started.json().path("status").asString()).isEqualTo("QUEUED");
		JsonNode run = awaitRun(runId, "SUCCEEDED");
		assertThat(run.path("label").asString()).isEqualTo("Provision " + serverName + " (security, django)");
		assertThat(run.toString()).doesNotContain(DB_PASSWORD);
		String log = api.get("/api/v1/runs/" + runId + "/log").body();
		assertThat(log).doesNotContain(DB_PASSWORD).contains("db password is ********");
		JsonNode vars = event(log, "provision-vars");
		assertThat(vars.path("host").asString()).isEqualTo(serverName);
		assertThat(vars.path("deploy_env").asString()).isEqualTo("staging");
		assertThat(vars.path("cloud_provider").asString()).isEqualTo("aws");
		assertThat(vars.path("domain_name").asString()).isEqualTo("app.example.com");
		assertThat(vars.path("ssl_email").asString()).isEqualTo("ops@example.com");
		assertThat(vars.path("aws_region").asString()).as("falls back to the environment's region").isEqualTo("eu-west-1");
		assertThat(vars.path("db_password_length").asString()).isEqualTo(String.valueOf(DB_PASSWORD.length()));
		assertThat(vars.path("django_admin_password_set").asString()).isEqualToIgnoringCase("false");
		assertThat(Files.isDirectory(Path.of("/tmp/opsdeck-provision-test", serverName))).isTrue();

		JsonNode state = awaitRecap(serverId, runId);
		assertThat(state.path("server").asString()).isEqualTo(serverName);
		assertThat(state.path("roles").get(0).asString()).isEqualTo("web");
		assertThat(state.path("lastRun").path("status").asString()).isEqualTo("SUCCEEDED");
		assertThat(state.path("lastRun").path("check").asBoolean()).isFalse();
		assertThat(state.path("lastRun").path("triggeredBy").asString()).isEqualTo("token:bootstrap");
		assertThat(state.path("lastRun").path("tags").toString()).isEqualTo("[\"security\",\"django\"]");
		Map<String, JsonNode> tags = tags(state);
		assertThat(tags.get("security").path("changed").asInt()).isEqualTo(1);
		assertThat(tags.get("security").path("changedTasks").get(0).asString()).isEqualTo("Create the marker directory");
		assertThat(tags.get("django").path("ok").asInt()).isEqualTo(1);
		assertThat(tags.get("django").path("changed").asInt()).isZero();
		assertThat(tags).containsKey("untagged").doesNotContainKey("docker");
		assertThat(api.get("/api/v1/servers/" + serverId + "/provisioning").body()).doesNotContain(DB_PASSWORD);

		// check mode: nothing changes on the host, the recap says so, the last run says check
		String checkRun = api.post("/api/v1/servers/" + serverId + "/provision", Map.of("tags", List.of("security", "docker"),
				"check", true)).json().path("id").asString();
		awaitRun(checkRun, "SUCCEEDED");
		JsonNode afterCheck = awaitRecap(serverId, checkRun);
		assertThat(afterCheck.path("lastRun").path("check").asBoolean()).isTrue();
		Map<String, JsonNode> checked = tags(afterCheck);
		assertThat(checked.get("security").path("changed").asInt()).as("the directory exists now").isZero();
		assertThat(checked.get("security").path("check").asBoolean()).isTrue();
		assertThat(checked.get("docker").path("skipped").asInt()).as("command tasks are skipped in check mode")
			.isEqualTo(1);
		assertThat(checked.get("django").path("runId").asString()).as("tags not run keep their last recap")
			.isEqualTo(runId);
	}

	@Test
	void refusesUnknownTagsMissingSettingsBusyEnvironmentsAndOperatorsOnProduction() {
		String environment = environment("rules", "staging");
		String serverId = server(environment);

		ApiClient.Response unknown = api.post("/api/v1/servers/" + serverId + "/provision",
				Map.of("tags", List.of("security", "kubernetes"), "check", false));
		assertProblem(unknown, 400, "tags");
		assertThat(unknown.body()).contains("unknown tag 'kubernetes'")
			.contains("common, security, docker, ssl, monitoring, failover, django");

		ApiClient.Response noEmail = api.post("/api/v1/servers/" + serverId + "/provision",
				Map.of("tags", List.of("ssl"), "check", true));
		assertProblem(noEmail, 400, "tags");
		assertThat(noEmail.body()).contains("domainName").contains("domain_name");
		api.put("/api/v1/environments/" + environment + "/provisioning-settings",
				settings("app.example.com", null, null));
		assertThat(api.post("/api/v1/servers/" + serverId + "/provision", Map.of("tags", List.of("ssl"), "check", true))
			.body()).contains("sslEmail").contains("ssl_email");
		ApiClient.Response all = api.post("/api/v1/servers/" + serverId + "/provision", Map.of());
		assertProblem(all, 400, "tags");

		ApiClient.Response missingServer = api.post("/api/v1/servers/" + UUID.randomUUID() + "/provision",
				Map.of("tags", List.of("security")));
		assertThat(missingServer.status()).isEqualTo(404);

		// one exclusive run per environment
		ApiClient.Response first = api.post("/api/v1/servers/" + serverId + "/provision",
				Map.of("tags", List.of("docker"), "check", true));
		ApiClient.Response second = api.post("/api/v1/servers/" + serverId + "/provision",
				Map.of("tags", List.of("docker"), "check", true));
		assertThat(first.status()).as(first.body()).isEqualTo(202);
		assertThat(second.status()).as(second.body()).isEqualTo(409);
		awaitRun(first.json().path("id").asString(), "SUCCEEDED");

		// production: an operator may run check mode, not a real run
		String production = environment("prd", "production");
		String productionServer = server(production);
		String operator = api.post("/api/v1/tokens", Map.of("name", "prov-operator-" + suffix, "role", "OPERATOR"))
			.json()
			.path("token")
			.asString();
		ApiClient.Response refused = api.withToken(operator)
			.post("/api/v1/servers/" + productionServer + "/provision", Map.of("tags", List.of("docker")));
		assertThat(refused.status()).as(refused.body()).isEqualTo(403);
		assertThat(refused.json().path("detail").asString()).contains("production").contains("ADMIN");
		ApiClient.Response checkOnly = api.withToken(operator)
			.post("/api/v1/servers/" + productionServer + "/provision", Map.of("tags", List.of("docker"), "check", true));
		assertThat(checkOnly.status()).as(checkOnly.body()).isEqualTo(202);
		awaitRun(checkOnly.json().path("id").asString(), "SUCCEEDED");
		ApiClient.Response operatorSettings = api.withToken(operator)
			.put("/api/v1/environments/" + production + "/provisioning-settings", settings(null, null, null));
		assertThat(operatorSettings.status()).isEqualTo(403);
	}

	@Test
	void settingsAreValidatedNamingTheField() {
		String environment = environment("val", "development");
		String path = "/api/v1/environments/" + environment + "/provisioning-settings";

		assertThat(api.get(path).json().path("domainName").isNull()).isTrue();
		assertProblem(api.put(path, Map.of("domainName", "https://app.example.com")), 400, "domainName");
		assertProblem(api.put(path, Map.of("domainName", "app example.com")), 400, "domainName");
		assertProblem(api.put(path, Map.of("sslEmail", "not-an-address")), 400, "sslEmail");
		assertProblem(api.put(path, Map.of("djangoAdminEmail", "a@b")), 400, "djangoAdminEmail");
		assertProblem(api.put(path, Map.of("githubActionsSshKey", "ssh-ed25519 not-base64!")), 400,
				"githubActionsSshKey");
		assertProblem(api.put(path, Map.of("githubActionsSshKey", sshd.clientPrivateKey())), 400,
				"githubActionsSshKey");
		assertProblem(api.put(path, Map.of("githubActionsSshKey", sshd.clientPublicKey() + "\nssh-rsa AAAA")), 400,
				"githubActionsSshKey");
		assertProblem(api.put(path, Map.of("gitRepoUrl", "--upload-pack=touch /tmp/x")), 400, "gitRepoUrl");
		assertProblem(api.put(path, Map.of("gitRepoUrl", "https://github.com/acme/app.git; rm -rf /")), 400,
				"gitRepoUrl");
		assertProblem(api.put(path, Map.of("gitBranch", "-main")), 400, "gitBranch");
		assertProblem(api.put(path, Map.of("gitBranch", "a..b")), 400, "gitBranch");
		assertProblem(api.put(path, Map.of("awsRegion", "Europe")), 400, "awsRegion");
		assertProblem(api.put(path, Map.of("djangoAdminUser", "a b")), 400, "djangoAdminUser");
		ApiClient.Response keyAsSecret = api.put(path, Map.of("dbPasswordCredentialId", sshKeyId));
		assertProblem(keyAsSecret, 400, "dbPasswordCredentialId");
		assertThat(keyAsSecret.body()).contains("not a secret");
		assertProblem(api.put(path, Map.of("djangoAdminPasswordCredentialId", UUID.randomUUID().toString())), 400,
				"djangoAdminPasswordCredentialId");
		assertThat(api.put("/api/v1/environments/nope-" + suffix + "/provisioning-settings", Map.of()).status())
			.isEqualTo(404);

		Map<String, Object> good = new LinkedHashMap<>();
		good.put("domainName", "App.Example.COM.");
		good.put("sslEmail", "ops@example.com");
		good.put("githubActionsSshKey", sshd.clientPublicKey());
		good.put("gitRepoUrl", "git@github.com:acme/app.git");
		good.put("gitBranch", "release/1.2");
		good.put("djangoAdminUser", "admin");
		good.put("djangoAdminEmail", "admin@example.com");
		good.put("awsRegion", "eu-central-1");
		good.put("djangoAdminPasswordCredentialId", secretId);
		JsonNode saved = api.put(path, good).json();
		assertThat(saved.path("domainName").asString()).isEqualTo("app.example.com");
		assertThat(saved.path("gitBranch").asString()).isEqualTo("release/1.2");
		assertThat(api.get(path).json().path("githubActionsSshKey").asString()).isEqualTo(sshd.clientPublicKey());
		assertThat(api.put(path, Map.of("gitRepoUrl", "https://github.com/acme/app.git")).json().path("domainName")
			.isNull()).as("PUT replaces every setting").isTrue();

		// a secret in use by settings cannot be deleted
		api.put(path, Map.of("dbPasswordCredentialId", secretId));
		ApiClient.Response inUse = api.delete("/api/v1/credentials/" + secretId);
		assertThat(inUse.status()).as(inUse.body()).isEqualTo(409);
		assertThat(inUse.json().path("detail").asString()).contains("provisioning settings");
	}

	private JsonNode awaitRun(String runId, String expected) {
		JsonNode[] run = new JsonNode[1];
		await().atMost(PLAYBOOK).pollInterval(Duration.ofMillis(500)).until(() -> {
			run[0] = api.get("/api/v1/runs/" + runId).json();
			return !List.of("QUEUED", "RUNNING").contains(run[0].path("status").asString());
		});
		assertThat(run[0].path("status").asString()).as(api.get("/api/v1/runs/" + runId + "/log").body())
			.isEqualTo(expected);
		return run[0];
	}

	private JsonNode awaitRecap(String serverId, String runId) {
		JsonNode[] state = new JsonNode[1];
		await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300)).until(() -> {
			state[0] = api.get("/api/v1/servers/" + serverId + "/provisioning").json();
			return state[0].path("lastRun").path("runId").asString("").equals(runId) && state[0].path("tags")
				.valueStream()
				.anyMatch(tag -> tag.path("runId").asString().equals(runId));
		});
		return state[0];
	}

	private static Map<String, JsonNode> tags(JsonNode state) {
		Map<String, JsonNode> tags = new LinkedHashMap<>();
		state.path("tags").forEach(tag -> tags.put(tag.path("tag").asString(), tag));
		return tags;
	}

	private static JsonNode event(String log, String type) {
		return log.lines()
			.filter(line -> line.contains("OPSDECK-EVENT ") && line.contains("\"" + type + "\""))
			.map(line -> JSON.readTree(line.substring(line.indexOf("OPSDECK-EVENT ") + "OPSDECK-EVENT ".length())))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no " + type + " event in\n" + log));
	}

	private String environment(String prefix, String kind) {
		String name = "prov-" + prefix + "-" + suffix;
		ApiClient.Response created = api.post("/api/v1/environments",
				Map.of("name", name, "kind", kind, "cloudProvider", "aws", "region", "eu-west-1"));
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		return name;
	}

	private String server(String environment) {
		Map<String, Object> server = new LinkedHashMap<>();
		server.put("name", environment + "-web");
		server.put("host", sshd.host());
		server.put("port", sshd.port());
		server.put("username", sshd.username());
		server.put("environment", environment);
		server.put("credentialId", sshKeyId);
		server.put("hostKeyPolicy", "strict");
		server.put("hostKeyFingerprint", sshd.hostKeyFingerprint());
		server.put("roles", List.of("web"));
		return created(api.post("/api/v1/servers", server));
	}

	private static Map<String, Object> settings(String domain, String email, String dbSecret) {
		Map<String, Object> settings = new LinkedHashMap<>();
		settings.put("domainName", domain);
		settings.put("sslEmail", email);
		settings.put("dbPasswordCredentialId", dbSecret);
		return settings;
	}

	private static String created(ApiClient.Response response) {
		assertThat(response.status()).as(response.body()).isEqualTo(201);
		return response.json().path("id").asString();
	}

	private static void assertProblem(ApiClient.Response response, int status, String field) {
		assertThat(response.status()).as(response.body()).isEqualTo(status);
		assertThat(response.json().path("errors").get(0).path("field").asString()).as(response.body()).isEqualTo(field);
	}

}
