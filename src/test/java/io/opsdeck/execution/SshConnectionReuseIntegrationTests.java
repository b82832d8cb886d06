package io.opsdeck.execution;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.opsdeck.support.ApiClient;
import io.opsdeck.support.IntegrationTest;
import io.opsdeck.support.SshdExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * SSH runs reuse an idle authenticated connection to the same server under the same credential (docs/runs.md,
 * "Connection reuse"), proven from sshd's side: its log's {@code Accepted publickey} lines (one per authenticated
 * connection) and the client port each session saw ({@code $SSH_CONNECTION}).
 */
@IntegrationTest
class SshConnectionReuseIntegrationTests {

	private static final Pattern SSH_CONNECTION = Pattern.compile("conn=(\\S+) (\\d+) ");

	@RegisterExtension
	static final SshdExtension sshd = SshdExtension.on("127.0.0.174");

	@LocalServerPort
	int port;

	ApiClient api;

	String environment;

	String suffix;

	@BeforeEach
	void setUp() {
		api = new ApiClient(port, IntegrationTest.ADMIN_TOKEN);
		suffix = UUID.randomUUID().toString().substring(0, 6);
		environment = "reuse-" + suffix;
		created(api.post("/api/v1/environments",
				Map.of("name", environment, "kind", "staging", "cloudProvider", "aws", "region", "us-east-1")));
	}

	@Test
	void aSecondRunOnTheSameServerUsesTheFirstRunsConnection() {
		String server = server("a", credential("a"));
		int accepted = accepted();
		int first = clientPort(succeeded(server));
		int second = clientPort(succeeded(server));
		assertThat(second).as("the second session came over the same TCP connection").isEqualTo(first);
		assertThat(accepted()).as("one login for both runs").isEqualTo(accepted + 1);
		assertThat(reused()).isPositive();
	}

	@Test
	void aServerMovedToAnotherCredentialConnectsAfresh() {
		String credential = credential("b1");
		String server = server("b", credential);
		int first = clientPort(succeeded(server));
		int accepted = accepted();
		Map<String, Object> changed = serverBody("b", credential("b2"));
		assertThat(api.put("/api/v1/servers/" + server, changed).status()).isEqualTo(200);
		int second = clientPort(succeeded(server));
		assertThat(second).as("a new connection").isNotEqualTo(first);
		assertThat(accepted()).as("a new login").isEqualTo(accepted + 1);
	}

	@Test
	void aRunAfterTheIdleConnectionDiedConnectsAfreshAndSucceeds() {
		String server = server("c", credential("c"));
		int first = clientPort(succeeded(server));
		assertThat(sshd.server().dropConnections()).as("the idle connection's sshd processes").isPositive();
		int accepted = accepted();
		int second = clientPort(succeeded(server));
		assertThat(second).isNotEqualTo(first);
		assertThat(accepted()).isEqualTo(accepted + 1);
	}

	@Test
	void aCancelledRunDoesNotLeaveItsConnectionForTheNext() {
		String server = server("d", credential("d"));
		String id = start(server, "echo conn=$SSH_CONNECTION; sleep 60");
		await().atMost(Duration.ofSeconds(30))
			.pollInterval(Duration.ofMillis(100))
			.until(() -> api.get("/api/v1/runs/" + id + "/log").body().contains("conn="));
		int cancelled = clientPort(api.get("/api/v1/runs/" + id + "/log").body());
		assertThat(api.post("/api/v1/runs/" + id + "/cancel", Map.of()).status()).isEqualTo(202);
		assertThat(awaitEnd(id).path("status").asString()).isEqualTo("CANCELLED");
		int accepted = accepted();
		int next = clientPort(succeeded(server));
		assertThat(next).isNotEqualTo(cancelled);
		assertThat(accepted()).isEqualTo(accepted + 1);
	}

	@Test
	void aRunThatFailedWithAnExitStatusKeepsTheConnection() {
		String server = server("e", credential("e"));
		JsonNode failed = awaitEnd(start(server, "echo conn=$SSH_CONNECTION; exit 3"));
		assertThat(failed.path("status").asString()).isEqualTo("FAILED");
		int first = clientPort(api.get("/api/v1/runs/" + failed.path("id").asString() + "/log").body());
		assertThat(clientPort(succeeded(server))).isEqualTo(first);
	}

	private String succeeded(String server) {
		String id = start(server, "echo conn=$SSH_CONNECTION");
		JsonNode run = awaitEnd(id);
		String log = api.get("/api/v1/runs/" + id + "/log").body();
		assertThat(run.path("status").asString()).as(log).isEqualTo("SUCCEEDED");
		return log;
	}

	private static int clientPort(String log) {
		Matcher matcher = SSH_CONNECTION.matcher(log);
		assertThat(matcher.find()).as(log).isTrue();
		return Integer.parseInt(matcher.group(2));
	}

	private int accepted() {
		return sshd.server().log().split("Accepted publickey for ", -1).length - 1;
	}

	private double reused() {
		String metrics = api.get("/actuator/prometheus").body();
		Matcher matcher = Pattern.compile("opsdeck_ssh_connections_total\\{[^}]*source=\"reused\"[^}]*\\} (\\S+)")
			.matcher(metrics);
		assertThat(matcher.find()).as(metrics).isTrue();
		return Double.parseDouble(matcher.group(1));
	}

	private String start(String server, String command) {
		ApiClient.Response response = api.post("/api/v1/runs",
				Map.of("kind", "ssh", "command", command, "servers", List.of(server)));
		assertThat(response.status()).as(response.body()).isEqualTo(202);
		return response.json().path("id").asString();
	}

	private JsonNode awaitEnd(String id) {
		await().atMost(Duration.ofMinutes(1))
			.pollInterval(Duration.ofMillis(100))
			.until(() -> RunStatus.valueOf(api.get("/api/v1/runs/" + id).json().path("status").asString())
				.isTerminal());
		return api.get("/api/v1/runs/" + id).json();
	}

	private String credential(String name) {
		Map<String, Object> credential = new LinkedHashMap<>();
		credential.put("name", "reuse-" + name + "-" + suffix);
		credential.put("type", "ssh-key");
		credential.put("privateKey", sshd.server().clientPrivateKey());
		credential.put("passphrase", null);
		return created(api.post("/api/v1/credentials", credential)).path("id").asString();
	}

	private String server(String name, String credentialId) {
		return created(api.post("/api/v1/servers", serverBody(name, credentialId))).path("id").asString();
	}

	private Map<String, Object> serverBody(String name, String credentialId) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("name", "reuse-" + name + "-" + suffix);
		body.put("host", sshd.server().host());
		body.put("port", sshd.server().port());
		body.put("username", sshd.server().username());
		body.put("environment", environment);
		body.put("credentialId", credentialId);
		body.put("hostKeyPolicy", "strict");
		body.put("hostKeyFingerprint", sshd.server().hostKeyFingerprint());
		return body;
	}

	private static JsonNode created(ApiClient.Response response) {
		assertThat(response.status()).as(response.body()).isEqualTo(201);
		return response.json();
	}

}
