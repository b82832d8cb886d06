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
import io.opsdeck.support.SshdExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;
import org.springframework.util.FileSystemUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A provision run's flow on real parts, fast (its own application context and database, for its playbook
 * directory): the application on its embedded PostgreSQL, a real OpenSSH sshd on
 * 127.0.0.51 whose "server" is this machine, and the real {@code ansible-playbook} running a stand-in
 * {@code provision.yml} (src/test/resources/provisioning/control-plane) that reports the variables it got, prints the
 * db password on purpose and changes one marker directory under /tmp. The real playbook on a disposable Debian host
 * is {@code ProvisioningEndToEndTests}; the API's refusals are {@code ProvisioningApiIntegrationTests}.
 */
@IntegrationTest
@TestPropertySource(properties = { "opsdeck.test.own-data-directory=true",
		"opsdeck.ansible.playbook-directory=src/test/resources/provisioning/control-plane/playbooks" })
class ProvisioningFlowIntegrationTests {

	private static final Duration PLAYBOOK = Duration.ofMinutes(3);

	private static final String DB_PASSWORD = "Db-Pa55word-" + UUID.randomUUID().toString().substring(0, 8);

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@RegisterExtension
	static final SshdExtension sshd = SshdExtension.on("127.0.0.53").skippedWithoutSshd();

	private static String suffix;

	private static String sshKeyId;

	private static String secretId;

	@LocalServerPort
	int port;

	ApiClient api;

	@BeforeAll
	static void startSshd() {
		suffix = UUID.randomUUID().toString().substring(0, 6);
	}

	@BeforeEach
	void setUp() {
		api = new ApiClient(port, IntegrationTest.ADMIN_TOKEN);
		if (sshKeyId == null) {
			sshKeyId = created(api.post("/api/v1/credentials",
					Map.of("name", "flow-key-" + suffix, "type", "ssh-key", "privateKey",
							sshd.server().clientPrivateKey())));
			secretId = created(api.post("/api/v1/credentials",
					Map.of("name", "flow-db-" + suffix, "type", "secret", "value", DB_PASSWORD)));
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
		String name = "flow-" + prefix + "-" + suffix;
		ApiClient.Response created = api.post("/api/v1/environments",
				Map.of("name", name, "kind", kind, "cloudProvider", "aws", "region", "eu-west-1"));
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		return name;
	}

	private String server(String environment) {
		Map<String, Object> server = new LinkedHashMap<>();
		server.put("name", environment + "-web");
		server.put("host", sshd.server().host());
		server.put("port", sshd.server().port());
		server.put("username", sshd.server().username());
		server.put("environment", environment);
		server.put("credentialId", sshKeyId);
		server.put("hostKeyPolicy", "strict");
		server.put("hostKeyFingerprint", sshd.server().hostKeyFingerprint());
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

}
