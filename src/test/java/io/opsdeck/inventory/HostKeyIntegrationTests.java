package io.opsdeck.inventory;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.opsdeck.support.ApiClient;
import io.opsdeck.support.ApiClient.Response;
import io.opsdeck.support.Browser;
import io.opsdeck.support.DocsOutput;
import io.opsdeck.support.IntegrationTest;
import io.opsdeck.support.SshdExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The host-key store end to end (issue 7, "Host keys"): a real sshd on 127.0.0.146 whose host key is regenerated,
 * as a rebuilt server would present. Runs fail with a clear warning on the server page and in the API until an admin
 * of the environment accepts the offered fingerprint; then they work again. Writes docs/images/host-key-warning.png.
 */
@IntegrationTest
class HostKeyIntegrationTests {

	private static final Duration PAGE = Duration.ofSeconds(20);

	@RegisterExtension
	static final SshdExtension sshd = SshdExtension.on("127.0.0.146");

	@LocalServerPort
	int port;

	@Test
	void aChangedHostKeyStopsRunsWithAWarningUntilAnAdminAcceptsIt() {
		ApiClient api = new ApiClient(port, IntegrationTest.ADMIN_TOKEN);
		String suffix = UUID.randomUUID().toString().substring(0, 6);
		String environment = "hk-" + suffix;
		String name = "web-" + suffix;
		assertThat(api.post("/api/v1/environments",
				Map.of("name", environment, "kind", "staging", "cloudProvider", "aws", "region", "us-east-1"))
			.status()).isEqualTo(201);
		Map<String, Object> credential = new LinkedHashMap<>();
		credential.put("name", "hk-" + suffix);
		credential.put("type", "ssh-key");
		credential.put("privateKey", sshd.server().clientPrivateKey());
		String credentialId = api.post("/api/v1/credentials", credential).json().path("id").asString();
		Map<String, Object> server = new LinkedHashMap<>();
		server.put("name", name);
		server.put("host", sshd.server().host());
		server.put("port", sshd.server().port());
		server.put("username", sshd.server().username());
		server.put("environment", environment);
		server.put("credentialId", credentialId);
		server.put("hostKeyPolicy", "strict");
		server.put("hostKeyFingerprint", sshd.server().hostKeyFingerprint());
		Response created = api.post("/api/v1/servers", server);
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		String id = created.json().path("id").asString();
		String hostKeyPath = "/api/v1/servers/" + id + "/host-key";
		String original = sshd.server().hostKeyFingerprint();

		assertThat(run(api, id).path("status").asString()).isEqualTo("SUCCEEDED");
		JsonNode trusted = api.get(hostKeyPath).json();
		assertThat(trusted.path("fingerprint").asString()).isEqualTo(original);
		assertThat(trusted.path("knownHosts").asString()).isEqualTo(sshd.server().knownHostsLine());
		assertThat(trusted.path("offered").isNull()).isTrue();
		assertThat(trusted.path("warning").isNull()).isTrue();

		String rebuilt = sshd.server().regenerateHostKey();
		// a rebuilt server starts with no connections: the one the first run left idle (docs/runs.md, "Connection
		// reuse") is gone too
		sshd.server().dropConnections();
		JsonNode refused = run(api, id);
		assertThat(refused.path("status").asString()).isEqualTo("FAILED");
		assertThat(refused.path("message").asString()).contains("Host key verification failed").contains(rebuilt);
		JsonNode warned = api.get(hostKeyPath).json();
		assertThat(warned.path("warning").asString()).isEqualTo("The host key of " + name + " changed: offered "
				+ rebuilt + "; every run to it fails until an admin accepts it.");
		assertThat(warned.path("offered").path("fingerprint").asString()).isEqualTo(rebuilt);
		assertThat(warned.path("offered").path("keyType").asString()).isEqualTo("ssh-ed25519");
		assertThat(warned.path("offered").path("hostKey").asString()).isEqualTo(sshd.server().hostPublicKey());
		assertThat(warned.path("offered").path("reason").asString()).isEqualTo("MISMATCH");
		assertThat(warned.path("offered").path("firstSeen").asString()).isNotBlank();
		assertThat(warned.path("fingerprint").asString()).as("still the old trusted key").isEqualTo(original);
		assertThat(warned.path("canManage").asBoolean()).isTrue();

		String viewerToken = api.post("/api/v1/tokens", Map.of("name", "hk-viewer-" + suffix, "role", "VIEWER"))
			.json()
			.path("token")
			.asString();
		ApiClient viewer = api.withToken(viewerToken);
		assertThat(viewer.get(hostKeyPath).json().path("warning").asString()).contains(rebuilt);
		assertThat(viewer.get(hostKeyPath).json().path("canManage").asBoolean()).isFalse();
		assertThat(viewer.post(hostKeyPath + "/accept", Map.of("fingerprint", rebuilt)).status()).isEqualTo(403);
		assertThat(viewer.delete(hostKeyPath).status()).isEqualTo(403);

		screenshot(id, rebuilt);

		Response wrong = api.post(hostKeyPath + "/accept", Map.of("fingerprint", original));
		assertThat(wrong.status()).as(wrong.body()).isEqualTo(409);
		assertThat(wrong.json().path("detail").asString()).contains(rebuilt);
		Response malformed = api.post(hostKeyPath + "/accept", Map.of("fingerprint", "md5:aa"));
		assertThat(malformed.status()).isEqualTo(400);
		assertThat(malformed.body()).contains("fingerprint");
		Response accepted = api.post(hostKeyPath + "/accept", Map.of("fingerprint", rebuilt));
		assertThat(accepted.status()).as(accepted.body()).isEqualTo(200);
		assertThat(accepted.json().path("fingerprint").asString()).isEqualTo(rebuilt);
		assertThat(accepted.json().path("hostKey").asString()).isEqualTo(sshd.server().hostPublicKey());
		assertThat(accepted.json().path("warning").isNull()).isTrue();
		assertThat(api.get("/api/v1/servers/" + id).json().path("hostKeyFingerprint").asString()).isEqualTo(rebuilt);

		assertThat(run(api, id).path("status").asString()).isEqualTo("SUCCEEDED");
		assertThat(api.post(hostKeyPath + "/accept", Map.of("fingerprint", rebuilt)).status())
			.as("nothing offered any more").isEqualTo(409);
	}

	@Test
	void adminsEditOrClearTheKnownHostsEntry() {
		ApiClient api = new ApiClient(port, IntegrationTest.ADMIN_TOKEN);
		String suffix = UUID.randomUUID().toString().substring(0, 6);
		String environment = "hke-" + suffix;
		api.post("/api/v1/environments",
				Map.of("name", environment, "kind", "development", "cloudProvider", "aws", "region", "us-east-1"));
		Map<String, Object> credential = new LinkedHashMap<>();
		credential.put("name", "hke-" + suffix);
		credential.put("type", "ssh-key");
		credential.put("privateKey", sshd.server().clientPrivateKey());
		String credentialId = api.post("/api/v1/credentials", credential).json().path("id").asString();
		Map<String, Object> server = new LinkedHashMap<>();
		server.put("name", "edit-" + suffix);
		server.put("host", sshd.server().host());
		server.put("port", sshd.server().port());
		server.put("username", sshd.server().username());
		server.put("environment", environment);
		server.put("credentialId", credentialId);
		server.put("hostKeyPolicy", "strict");
		String id = api.post("/api/v1/servers", server).json().path("id").asString();
		String path = "/api/v1/servers/" + id + "/host-key";

		JsonNode unknown = run(api, id);
		assertThat(unknown.path("status").asString()).isEqualTo("FAILED");
		JsonNode offered = api.get(path).json();
		assertThat(offered.path("offered").path("reason").asString()).isEqualTo("UNKNOWN");
		assertThat(offered.path("warning").asString()).contains("does not trust yet")
			.contains(sshd.server().hostKeyFingerprint());

		Response mismatched = api.put(path, Map.of("fingerprint", sshd.server().hostKeyFingerprint(), "hostKey",
				"ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl"));
		assertThat(mismatched.status()).isEqualTo(400);
		assertThat(mismatched.body()).contains("hostKey");
		Response edited = api.put(path,
				Map.of("fingerprint", sshd.server().hostKeyFingerprint(), "hostKey", sshd.server().hostPublicKey()));
		assertThat(edited.status()).as(edited.body()).isEqualTo(200);
		assertThat(edited.json().path("knownHosts").asString()).isEqualTo(sshd.server().knownHostsLine());
		assertThat(edited.json().path("offered").isNull()).as("the offer was the key now trusted").isTrue();
		assertThat(run(api, id).path("status").asString()).isEqualTo("SUCCEEDED");

		Response cleared = api.delete(path);
		assertThat(cleared.status()).isEqualTo(200);
		assertThat(cleared.json().path("fingerprint").isNull()).isTrue();
		assertThat(cleared.json().path("knownHosts").isNull()).isTrue();
		assertThat(api.get("/api/v1/servers/" + UUID.randomUUID() + "/host-key").status()).isEqualTo(404);
	}

	private void screenshot(String serverId, String offered) {
		if (!Browser.chromiumInstalled()) {
			return;
		}
		try (Browser browser = Browser.start(port)) {
			browser.openAsAdmin("/servers/" + serverId + "/provisioning", IntegrationTest.ADMIN_PASSWORD, PAGE);
			browser.await(PAGE, driver -> !browser.findAll(Browser.testId("host-key-warning")).isEmpty());
			assertThat(browser.find(Browser.testId("host-key-warning")).getText()).contains("changed: offered " + offered)
				.contains("every run to it fails until an admin accepts it");
			assertThat(browser.find(Browser.testId("host-key-accept")).getText()).contains(offered);
			assertThat(browser.find(Browser.testId("host-key-known-hosts")).getText()).contains("ssh-ed25519");
			browser.screenshot(DocsOutput.directory("images").resolve("host-key-warning.png"));
			assertThat(browser.consoleProblems()).isEmpty();
		}
	}

	private static JsonNode run(ApiClient api, String serverId) {
		Response started = api.post("/api/v1/runs", Map.of("kind", "ssh", "command", "true", "servers", List.of(serverId)));
		assertThat(started.status()).as(started.body()).isEqualTo(202);
		String runId = started.json().path("id").asString();
		await().atMost(Duration.ofMinutes(1))
			.pollInterval(Duration.ofMillis(200))
			.until(() -> List.of("SUCCEEDED", "FAILED", "CANCELLED", "TIMED_OUT", "INTERRUPTED")
				.contains(api.get("/api/v1/runs/" + runId).json().path("status").asString()));
		return api.get("/api/v1/runs/" + runId).json();
	}

}
