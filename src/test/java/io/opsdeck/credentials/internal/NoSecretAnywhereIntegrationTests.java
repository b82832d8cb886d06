package io.opsdeck.credentials.internal;

import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.opsdeck.support.ApiClient;
import io.opsdeck.support.ApiClient.Response;
import io.opsdeck.support.IntegrationTest;
import io.opsdeck.support.SshKeygen;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 7, "Secrets": with known secret values (a secret credential, a private key's passphrase, secret extra
 * vars, the bootstrap admin token and the master key) every path that touches them (create, use in a run, fail
 * validation with them, malformed JSON around them, the list APIs, the run's log, the Prometheus scrape, problem
 * details and the application log) is checked: none of the values appears anywhere.
 */
@IntegrationTest
@ExtendWith(OutputCaptureExtension.class)
class NoSecretAnywhereIntegrationTests {

	@Autowired
	SecretCipher cipher;

	@LocalServerPort
	int port;

	@TempDir
	Path directory;

	@Test
	void noSecretValueEverLeavesOpsdeck(CapturedOutput log) {
		ApiClient api = new ApiClient(port, IntegrationTest.ADMIN_TOKEN);
		String suffix = UUID.randomUUID().toString().substring(0, 8);
		String secretValue = "SecretValue-" + suffix + "-Zq7";
		String passphrase = "Passphrase-" + suffix + "-Kx4";
		String extraVar = "ExtraVar-" + suffix + "-Wm2";
		String masterKey = java.util.Base64.getEncoder()
			.encodeToString(this.cipher.keyring().current().secretKey().getEncoded());
		List<String> secrets = List.of(secretValue, passphrase, extraVar, IntegrationTest.ADMIN_TOKEN, masterKey);
		List<Response> responses = new ArrayList<>();

		// create
		responses.add(expect(201, api.post("/api/v1/credentials",
				Map.of("name", "nsa-secret-" + suffix, "type", "secret", "value", secretValue))));
		SshKeygen.Key key = SshKeygen.generate(this.directory, "key", "ed25519", 0, null, passphrase);
		Map<String, Object> sshKey = new LinkedHashMap<>();
		sshKey.put("name", "nsa-key-" + suffix);
		sshKey.put("type", "ssh-key");
		sshKey.put("privateKey", key.text());
		sshKey.put("passphrase", passphrase);
		responses.add(expect(201, api.post("/api/v1/credentials", sshKey)));

		// fail validation with them
		responses.add(expect(400, api.post("/api/v1/credentials",
				Map.of("name", "Not A Name!", "type", "secret", "value", secretValue))));
		responses.add(expect(400, api.post("/api/v1/credentials",
				Map.of("name", "nsa-short-" + suffix, "type", "secret", "value", secretValue + "\u0000"))));
		responses.add(expect(400, api.post("/api/v1/credentials",
				Map.of("name", "nsa-lines-" + suffix, "type", "secret", "value", secretValue + "\n" + secretValue))));
		sshKey.put("name", "nsa-wrong-" + suffix);
		sshKey.put("passphrase", passphrase + "-wrong");
		responses.add(expect(400, api.post("/api/v1/credentials", sshKey)));
		sshKey.put("privateKey", "not a key " + passphrase);
		responses.add(expect(400, api.post("/api/v1/credentials", sshKey)));
		responses.add(expect(400, raw(api, "POST", "/api/v1/credentials",
				"{\"name\":\"nsa-json\",\"type\":\"secret\",\"value\":\"" + secretValue + "\"")));
		responses.add(expect(400, raw(api, "POST", "/api/v1/credentials",
				"{\"name\":\"nsa-json\",\"type\":\"secret\",\"value\":[\"" + secretValue + "\"]}")));
		responses.add(expect(400, raw(api, "POST", "/api/v1/credentials",
				"{\"name\":\"nsa-json\",\"type\":\"secret\",\"value\":\"" + secretValue + "\", \"value\": 1}")));

		responses.add(expect(400, raw(api, "POST", "/api/v1/credentials",
				"{\"name\":\"nsa-json\",\"type\":\"secret\",\"value\":" + secretValue + "}")));
		responses.add(expect(400, raw(api, "POST", "/api/v1/credentials",
				"{\"name\":\"nsa-json\",\"type\":\"secret\",\"" + secretValue + "\":\"x\"}")));

		// use in a run: an environment with the local connection, a playbook echoing the secret extra var
		String environment = "nsa-" + suffix;
		expect(201, api.post("/api/v1/environments",
				Map.of("name", environment, "kind", "development", "cloudProvider", "aws", "region", "us-east-1")));
		Map<String, Object> local = new LinkedHashMap<>();
		local.put("name", "local-" + suffix);
		local.put("host", "127.0.0.148");
		local.put("username", System.getProperty("user.name"));
		local.put("environment", environment);
		local.put("connection", "local");
		expect(201, api.post("/api/v1/servers", local));
		responses.add(expect(400, api.post("/api/v1/runs", Map.of("kind", "ansible", "playbook", "ping.yml",
				"environment", environment, "secretExtraVars", Map.of("bad name!", extraVar)))));
		responses.add(expect(400, api.post("/api/v1/runs", Map.of("kind", "ansible", "playbook", "ping.yml",
				"environment", environment, "extraVars", Map.of("message", extraVar), "secretExtraVars",
				Map.of("message", extraVar)))));
		responses.add(expect(400, api.post("/api/v1/runs", Map.of("kind", "ansible", "playbook", "../" + extraVar,
				"environment", environment, "secretExtraVars", Map.of("message", extraVar)))));
		Response started = expect(202, api.post("/api/v1/runs", Map.of("kind", "ansible", "playbook", "ping.yml",
				"environment", environment, "secretExtraVars", Map.of("message", extraVar))));
		responses.add(started);
		String runId = started.json().path("id").asString();
		await().atMost(Duration.ofMinutes(2))
			.pollInterval(Duration.ofMillis(300))
			.until(() -> List.of("SUCCEEDED", "FAILED", "CANCELLED", "TIMED_OUT", "INTERRUPTED")
				.contains(api.get("/api/v1/runs/" + runId).json().path("status").asString()));
		Response runLog = api.get("/api/v1/runs/" + runId + "/log");
		assertThat(runLog.body()).as("the playbook echoed the message, masked").contains("message: ********");
		responses.add(runLog);

		// a webhook secret and an object-storage key: stored, refused with a bad neighbour field, listed
		responses.add(expect(201, api.post("/api/v1/notification-channels", Map.of("name", "nsa-" + suffix, "type",
				"WEBHOOK", "format", "GENERIC", "url", "http://127.0.0.148:9/hook", "secret", secretValue, "eventTypes",
				List.of("RUN_FAILED"), "environments", List.of(environment)))));
		responses.add(expect(400, api.post("/api/v1/notification-channels", Map.of("name", "nsa-bad-" + suffix, "type",
				"WEBHOOK", "format", "GENERIC", "url", "ftp://" + "x", "secret", secretValue, "eventTypes",
				List.of("RUN_FAILED")))));
		Map<String, Object> storage = new LinkedHashMap<>();
		storage.put("provider", "s3-compatible");
		storage.put("endpoint", "http://127.0.0.148:9");
		storage.put("region", "us-east-1");
		storage.put("bucket", "nsa");
		storage.put("prefix", "/" + environment + "/");
		storage.put("pathStyle", true);
		storage.put("accessKeyId", "AKIANSA");
		storage.put("secretAccessKey", secretValue);
		responses.add(expect(200, api.put("/api/v1/environments/" + environment + "/backup-storage", storage)));
		storage.put("region", "Not a Region");
		responses.add(expect(400, api.put("/api/v1/environments/" + environment + "/backup-storage", storage)));
		responses.add(api.get("/api/v1/environments/" + environment + "/backup-storage"));

		// list and read APIs, the metrics scrape
		for (String path : List.of("/api/v1/credentials?size=200", "/api/v1/runs/" + runId, "/api/v1/runs?size=200",
				"/api/v1/runs/" + runId + "/lines?after=0", "/api/v1/servers?size=200", "/api/v1/environments?size=200",
				"/api/v1/notification-channels", "/api/v1/master-key", "/api/v1/tokens?size=200", "/api/v1/me",
				"/actuator/prometheus", "/v3/api-docs")) {
			responses.add(api.get(path));
		}

		for (Response response : responses) {
			for (String secret : secrets) {
				assertThat(response.body()).as(response.toString()).doesNotContain(secret);
				for (String header : List.of("Location", "Content-Type", "WWW-Authenticate")) {
					String value = response.header(header);
					assertThat(value == null ? "" : value).doesNotContain(secret);
				}
			}
		}
		for (String secret : secrets) {
			assertThat(log.getAll()).as("application log").doesNotContain(secret);
		}
	}

	private static Response expect(int status, Response response) {
		assertThat(response.status()).as(response.toString()).isEqualTo(status);
		return response;
	}

	private static Response raw(ApiClient api, String method, String path, String body) {
		return api.send(api.request(path)
			.header("Content-Type", "application/json")
			.method(method, HttpRequest.BodyPublishers.ofString(body)));
	}

}
