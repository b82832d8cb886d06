package io.opsdeck.scripts;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.opsdeck.support.ApiClient;
import io.opsdeck.support.IntegrationTest;
import io.opsdeck.support.Scripts;
import io.opsdeck.support.SshdExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code provision-server.sh <cloud> <env> <ip>} against a running Opsdeck, with only bash, curl and coreutils on
 * the PATH: it finds the server by its address, starts {@code POST /api/v1/servers/{id}/provision}, streams the run
 * and exits with its result; Ctrl-C leaves the run running. The playbook is a stand-in
 * (src/test/resources/scripts/playbooks/provision.yml) whose tags are quick, slow or failing: what is under test is
 * the script, not the roles.
 */
@IntegrationTest
@TestPropertySource(properties = { "opsdeck.test.own-data-directory=true", "opsdeck.ansible.playbook-directory=src/test/resources/scripts/playbooks" })
class ProvisionServerScriptIntegrationTests {

	private static final String ADDRESS = "127.0.0.62";

	@RegisterExtension
	static final SshdExtension sshd = SshdExtension.on(ADDRESS).skippedWithoutSshd();

	private static String environment;

	private static String serverName;

	@LocalServerPort
	int port;

	ApiClient api;

	@BeforeEach
	void setUp() {
		api = new ApiClient(port, IntegrationTest.ADMIN_TOKEN);
		if (environment != null) {
			return;
		}
		String suffix = UUID.randomUUID().toString().substring(0, 6);
		environment = "prov-" + suffix;
		serverName = "app-" + suffix;
		created(api.post("/api/v1/environments",
				Map.of("name", environment, "kind", "staging", "cloudProvider", "digitalocean", "region", "fra1")));
		String credentialId = created(api.post("/api/v1/credentials",
				Map.of("name", "prov-script-" + suffix, "type", "ssh-key", "privateKey",
						sshd.server().clientPrivateKey())))
			.path("id")
			.asString();
		Map<String, Object> server = new LinkedHashMap<>();
		server.put("name", serverName);
		server.put("host", ADDRESS);
		server.put("port", sshd.server().port());
		server.put("username", sshd.server().username());
		server.put("environment", environment);
		server.put("credentialId", credentialId);
		server.put("hostKeyPolicy", "strict");
		server.put("hostKeyFingerprint", sshd.server().hostKeyFingerprint());
		created(api.post("/api/v1/servers", server));
	}

	@Test
	void provisionsTheServerWithThatAddressFollowsTheRunAndExitsWithItsResult() {
		Scripts.Result ok = Scripts.run(port, "provision-server.sh", "digitalocean", environment, ADDRESS, "--tags",
				"security");
		assertThat(ok.exitCode()).as(ok.output()).isZero();
		assertThat(ok.output())
			.contains("==> Provisioning " + serverName + " (" + ADDRESS + ") in " + environment
					+ " (staging, digitalocean), tags: security: run ")
			.contains("deploy_env=staging cloud_provider=digitalocean")
			.contains("TASK [Harden (stand-in)]")
			.doesNotContain("Take a while")
			.contains("PLAY RECAP")
			.contains("==> SUCCEEDED");

		Scripts.Result checked = Scripts.run(port, "provision-server.sh", "digitalocean", environment, ADDRESS, "--tags",
				"failover", "--check");
		assertThat(checked.exitCode()).as(checked.output()).isEqualTo(2); // the stand-in's failover task fails
		assertThat(checked.output()).contains("tags: failover, check mode").contains("no standby configured")
			.contains("==> FAILED");
		String runId = checked.output().replaceAll("(?s).*: run ([0-9a-f-]{36}).*", "$1");
		assertThat(api.get("/api/v1/runs/" + runId).json().path("exitCode").asInt())
			.as("the script exits with the run's exit code").isEqualTo(2);

		// ssl needs the environment's domain and e-mail: the API's refusal, word for word, exit 2
		Scripts.Result refused = Scripts.run(port, "provision-server.sh", "digitalocean", environment, ADDRESS, "--tags",
				"ssl");
		assertThat(refused.exitCode()).as(refused.output()).isEqualTo(2);
		assertThat(refused.output()).contains("provision-server.sh: provisioning not started (400)").contains("tags");
	}

	@Test
	void ctrlCLeavesTheRunRunningAndSaysHowToFollowOrCancelIt() throws Exception {
		Process process = Scripts.start("provision-server.sh", Map.of("OPSDECK_URL", "http://127.0.0.1:" + port,
				"OPSDECK_TOKEN", IntegrationTest.ADMIN_TOKEN), "digitalocean", environment, ADDRESS, "--tags", "monitoring");
		StringBuffer output = new StringBuffer();
		CompletableFuture<Void> reader = CompletableFuture.runAsync(() -> collect(process.getInputStream(), output));
		await().atMost(Duration.ofMinutes(2)).until(() -> output.toString().contains("TASK [Take a while (for Ctrl-C)]"));
		String runId = output.toString().replaceAll("(?s).*: run ([0-9a-f-]{36}).*", "$1");

		Scripts.interrupt(process);
		assertThat(process.waitFor(30, TimeUnit.SECONDS)).as(output.toString()).isTrue();
		reader.get(10, TimeUnit.SECONDS);
		assertThat(process.exitValue()).as(output.toString()).isEqualTo(130);
		assertThat(output.toString()).contains("provision-server.sh: the run goes on: http://127.0.0.1:" + port + "/runs/" + runId)
			.contains("/api/v1/runs/" + runId + "/log?follow=true")
			.contains("/api/v1/runs/" + runId + "/cancel");
		assertThat(api.get("/api/v1/runs/" + runId).json().path("status").asString()).isEqualTo("RUNNING");
		JsonNode[] run = new JsonNode[1];
		await().atMost(Duration.ofMinutes(2)).until(() -> {
			run[0] = api.get("/api/v1/runs/" + runId).json();
			return !List.of("QUEUED", "RUNNING").contains(run[0].path("status").asString());
		});
		assertThat(run[0].path("status").asString()).as("the run went on to its end").isEqualTo("SUCCEEDED");
	}

	private static void collect(InputStream stream, StringBuffer output) {
		try {
			byte[] buffer = new byte[4096];
			int n;
			while ((n = stream.read(buffer)) != -1) {
				output.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
			}
		}
		catch (IOException ex) {
			// the process ended
		}
	}

	private static JsonNode created(ApiClient.Response response) {
		assertThat(response.status()).as(response.body()).isBetween(200, 202);
		return response.json();
	}

}
