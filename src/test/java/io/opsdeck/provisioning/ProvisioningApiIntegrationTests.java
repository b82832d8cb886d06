package io.opsdeck.provisioning;

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

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The provisioning API's rules on the real application: settings validation, refused launches (unknown tags, missing
 * settings, a busy environment, operators on production). The launches that pass go to a server nobody listens for
 * (127.0.0.51, a real sshd only to make a valid key), so nothing is ever provisioned here: the real
 * {@code provision.yml} on a disposable Debian host is {@code ProvisioningEndToEndTests}.
 */
@IntegrationTest
class ProvisioningApiIntegrationTests {

	private static final Duration PLAYBOOK = Duration.ofMinutes(3);

	private static final String DB_PASSWORD = "Db-Pa55word-" + UUID.randomUUID().toString().substring(0, 8);

	@RegisterExtension
	static final SshdExtension sshd = SshdExtension.on("127.0.0.51").skippedWithoutSshd();

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
					Map.of("name", "prov-key-" + suffix, "type", "ssh-key", "privateKey",
							sshd.server().clientPrivateKey())));
			secretId = created(api.post("/api/v1/credentials",
					Map.of("name", "prov-db-" + suffix, "type", "secret", "value", DB_PASSWORD)));
		}
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
		assertThat(all.body()).contains("no tag chosen means every tag");
		// no body at all is refused, not taken for a real run of every tag
		ApiClient.Response noBody = api.send(api.request("/api/v1/servers/" + serverId + "/provision")
			.header("Content-Type", "application/json").POST(java.net.http.HttpRequest.BodyPublishers.noBody()));
		assertThat(noBody.status()).as(noBody.body()).isEqualTo(400);
		// the local connection is the Opsdeck host itself: never provisioned
		String localhost = api.get("/api/v1/servers?environment=demo&name=localhost").json().path("items").get(0)
			.path("id").asString();
		assertProblem(api.post("/api/v1/servers/" + localhost + "/provision", Map.of("tags", List.of("security"))), 400,
				"server");

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
		awaitEnd(first.json().path("id").asString());

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
		awaitEnd(checkOnly.json().path("id").asString());
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
		assertProblem(api.put(path, Map.of("githubActionsSshKey", sshd.server().clientPrivateKey())), 400,
				"githubActionsSshKey");
		assertProblem(
				api.put(path, Map.of("githubActionsSshKey", sshd.server().clientPublicKey() + "\nssh-rsa AAAA")), 400,
				"githubActionsSshKey");
		assertProblem(api.put(path, Map.of("gitRepoUrl", "--upload-pack=touch /tmp/x")), 400, "gitRepoUrl");
		assertProblem(api.put(path, Map.of("gitRepoUrl", "https://github.com/acme/app.git; rm -rf /")), 400,
				"gitRepoUrl");
		// user and host of an scp-style URL never start with '-' (git/ssh would read an option)
		assertProblem(api.put(path, Map.of("gitRepoUrl", "-u@host:x")), 400, "gitRepoUrl");
		assertProblem(api.put(path, Map.of("gitRepoUrl", "git@-oProxyCommand=id:x")), 400, "gitRepoUrl");
		// an over-long key is a length error on its own field, not a database error on another
		assertProblem(api.put(path, Map.of("githubActionsSshKey", "ssh-ed25519 " + "A".repeat(20_000))), 400,
				"githubActionsSshKey");
		// an admin user without a password would fail on the host: refused here
		assertProblem(api.put(path, Map.of("djangoAdminUser", "admin")), 400, "djangoAdminPasswordCredentialId");
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
		good.put("githubActionsSshKey", sshd.server().clientPublicKey());
		good.put("gitRepoUrl", "git@github.com:acme/app.git");
		good.put("gitBranch", "release/1.2");
		good.put("djangoAdminUser", "admin");
		good.put("djangoAdminEmail", "admin@example.com");
		good.put("awsRegion", "eu-central-1");
		good.put("djangoAdminPasswordCredentialId", secretId);
		JsonNode saved = api.put(path, good).json();
		assertThat(saved.path("domainName").asString()).isEqualTo("app.example.com");
		assertThat(saved.path("gitBranch").asString()).isEqualTo("release/1.2");
		assertThat(api.get(path).json().path("githubActionsSshKey").asString())
			.isEqualTo(sshd.server().clientPublicKey());
		assertThat(api.put(path, Map.of("gitRepoUrl", "https://github.com/acme/app.git")).json().path("domainName")
			.isNull()).as("PUT replaces every setting").isTrue();

		// a secret in use by settings cannot be deleted
		api.put(path, Map.of("dbPasswordCredentialId", secretId));
		ApiClient.Response inUse = api.delete("/api/v1/credentials/" + secretId);
		assertThat(inUse.status()).as(inUse.body()).isEqualTo(409);
		assertThat(inUse.json().path("detail").asString()).contains("provisioning settings");
	}

	private void awaitEnd(String runId) {
		await().atMost(PLAYBOOK).pollInterval(Duration.ofMillis(500))
			.until(() -> !List.of("QUEUED", "RUNNING")
				.contains(api.get("/api/v1/runs/" + runId).json().path("status").asString()));
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
		server.put("host", "127.0.0.52"); // nothing listens there: a run that starts fails at once, harmlessly
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

	private static void assertProblem(ApiClient.Response response, int status, String field) {
		assertThat(response.status()).as(response.body()).isEqualTo(status);
		assertThat(response.json().path("errors").get(0).path("field").asString()).as(response.body()).isEqualTo(field);
	}

}
