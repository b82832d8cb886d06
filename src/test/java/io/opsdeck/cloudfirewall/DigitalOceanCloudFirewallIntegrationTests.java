package io.opsdeck.cloudfirewall;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.opsdeck.support.ApiClient;
import io.opsdeck.support.ApiClient.Response;
import io.opsdeck.support.FakeDigitalOceanServer;
import io.opsdeck.support.IntegrationTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The DigitalOcean cloud firewall through the API against {@link FakeDigitalOceanServer}, a local endpoint
 * implementing the Cloud Firewalls API calls Opsdeck makes (not DigitalOcean): plan on an empty account, apply, plan
 * again in sync, a partial firewall found on the second page, a wrong token (401) and an unknown droplet (422).
 */
@IntegrationTest
@ExtendWith(OutputCaptureExtension.class)
class DigitalOceanCloudFirewallIntegrationTests {

	private static FakeDigitalOceanServer digitalocean;

	@LocalServerPort
	int port;

	ApiClient admin;

	String environment;

	String name;

	@BeforeAll
	static void startDigitalOcean() {
		digitalocean = FakeDigitalOceanServer.start();
	}

	@AfterAll
	static void stopDigitalOcean() {
		digitalocean.close();
	}

	@BeforeEach
	void setUp() {
		digitalocean.reset();
		digitalocean.addDroplet(3164444);
		digitalocean.addDroplet(3164445);
		admin = new ApiClient(port, IntegrationTest.ADMIN_TOKEN);
		environment = "do-" + UUID.randomUUID().toString().substring(0, 8);
		name = "opsdeck-" + environment + "-web";
		assertThat(admin.post("/api/v1/environments", Map.of("name", environment, "kind", "staging", "cloudProvider",
				"digitalocean", "region", "fra1")).status()).isEqualTo(201);
		server("web-1", "3164444");
		server("web-2", "3164445");
		configure(FakeDigitalOceanServer.TOKEN);
	}

	@Test
	void planOnAnEmptyAccountCreatesWithRulesAndDropletsThenApplyMakesItSoAndThePlanIsEmpty(CapturedOutput output) {
		JsonNode plan = post("/plan");
		assertThat(descriptions(plan)).containsExactly("create cloud firewall " + name
				+ " (outbound: all traffic allowed)", "allow tcp 22 from 0.0.0.0/0", "allow tcp 22 from ::/0",
				"allow tcp 80 from 0.0.0.0/0", "allow tcp 80 from ::/0", "allow tcp 443 from 0.0.0.0/0",
				"allow tcp 443 from ::/0", "attach to " + environment + "-web-1 (3164444)",
				"attach to " + environment + "-web-2 (3164445)");
		assertThat(digitalocean.firewallsNamed(name)).isEmpty();

		JsonNode applied = post("/apply");
		assertThat(descriptions(applied)).isEqualTo(descriptions(plan));
		List<JsonNode> firewalls = digitalocean.firewallsNamed(name);
		assertThat(firewalls).hasSize(1);
		JsonNode firewall = firewalls.get(0);
		assertThat(applied.get("groupId").asString()).isEqualTo(firewall.get("id").asString());
		assertThat(firewall.get("inbound_rules").toString())
			.isEqualTo("[{\"protocol\":\"tcp\",\"ports\":\"22\",\"sources\":{\"addresses\":[\"0.0.0.0/0\",\"::/0\"]}},"
					+ "{\"protocol\":\"tcp\",\"ports\":\"80\",\"sources\":{\"addresses\":[\"0.0.0.0/0\",\"::/0\"]}},"
					+ "{\"protocol\":\"tcp\",\"ports\":\"443\",\"sources\":{\"addresses\":[\"0.0.0.0/0\",\"::/0\"]}}]");
		assertThat(firewall.get("outbound_rules").toString()).contains("\"protocol\":\"udp\",\"ports\":\"0\"")
			.contains("\"protocol\":\"icmp\"");
		assertThat(firewall.get("droplet_ids").toString()).isEqualTo("[3164444,3164445]");

		assertThat(post("/plan").get("inSync").asBoolean()).isTrue();
		int calls = digitalocean.requests().size();
		assertThat(descriptions(post("/apply"))).isEmpty();
		assertThat(digitalocean.requests().subList(calls, digitalocean.requests().size()))
			.containsExactly("GET /v2/firewalls");
		assertThat(output.getAll()).doesNotContain(FakeDigitalOceanServer.TOKEN);
	}

	@Test
	void aPartialFirewallOnTheSecondPageGetsOnlyWhatIsMissing() {
		for (int i = 0; i < 3; i++) {
			digitalocean.addFirewall("someone-else-" + i, Map.of("22", List.of("10.0.0.0/8")));
		}
		String id = digitalocean.addFirewall(name,
				Map.of("22", List.of("0.0.0.0/0", "::/0"), "80-443", List.of("::/0")), 3164445);
		digitalocean.pageSizeLimit(2);

		JsonNode plan = post("/plan");
		assertThat(plan.get("groupId").asString()).isEqualTo(id);
		assertThat(descriptions(plan)).containsExactly("allow tcp 80 from 0.0.0.0/0", "allow tcp 443 from 0.0.0.0/0",
				"attach to " + environment + "-web-1 (3164444)");

		post("/apply");
		assertThat(digitalocean.requests()).contains("POST /v2/firewalls/" + id + "/rules",
				"POST /v2/firewalls/" + id + "/droplets").doesNotContain("POST /v2/firewalls");
		JsonNode firewall = digitalocean.firewallsNamed(name).get(0);
		assertThat(firewall.get("droplet_ids").toString()).isEqualTo("[3164445,3164444]");
		assertThat(post("/plan").get("inSync").asBoolean()).isTrue();
	}

	@Test
	void aWrongTokenIsAClearProblemAndChangesNothing(CapturedOutput output) {
		configure("dop_v1_wrong_token_but_still_a_secret_42");
		Response apply = admin.post(path() + "/apply", Map.of());
		assertThat(apply.status()).isEqualTo(502);
		JsonNode problem = apply.json();
		assertThat(problem.get("reason").asString()).isEqualTo("credentials");
		assertThat(problem.get("detail").asString())
			.isEqualTo("DigitalOcean refused GET /v2/firewalls: HTTP 401 unauthorized: Unable to authenticate you."
					+ " Nothing was changed.");
		assertThat(problem.get("applied")).isEmpty();
		assertThat(digitalocean.firewallsNamed(name)).isEmpty();
		assertThat(apply.body() + output.getAll()).doesNotContain("dop_v1_wrong_token_but_still_a_secret_42");
	}

	@Test
	void anUnknownDropletIsRefusedWith422AndTheRulesAlreadyAddedAreReported() {
		String id = digitalocean.addFirewall(name, Map.of("22", List.of("0.0.0.0/0")));
		server("web-3", "999999");
		Response apply = admin.post(path() + "/apply", Map.of());
		assertThat(apply.status()).isEqualTo(502);
		JsonNode problem = apply.json();
		assertThat(problem.get("reason").asString()).isEqualTo("rejected");
		assertThat(problem.get("detail").asString()).contains("HTTP 422 unprocessable_entity")
			.contains("999999")
			.contains("Already applied before the failure: 5 changes");
		assertThat(problem.get("applied")).hasSize(5);
		assertThat(digitalocean.firewallsNamed(name).get(0).get("inbound_rules")).hasSize(1 + 3);
		assertThat(descriptions(post("/plan"))).hasSize(3).allMatch(d -> d.startsWith("attach to "));
		assertThat(id).isNotBlank();
	}

	private void configure(String token) {
		Response saved = admin.put(path(), Map.of("credentialId", secret(token), "endpoint", digitalocean.endpoint()));
		assertThat(saved.status()).as(saved.body()).isEqualTo(200);
		assertThat(saved.body()).doesNotContain(token);
	}

	private JsonNode post(String action) {
		Response response = admin.post(path() + action, Map.of());
		assertThat(response.status()).as(response.body()).isEqualTo(200);
		return response.json();
	}

	private static List<String> descriptions(JsonNode plan) {
		return plan.get("changes").valueStream().map(c -> c.get("description").asString()).toList();
	}

	private String path() {
		return "/api/v1/environments/" + environment + "/cloud-firewall";
	}

	private void server(String server, String dropletId) {
		Response created = admin.post("/api/v1/servers", Map.of("name", environment + "-" + server, "host",
				"127.0.0.1", "username", "root", "environment", environment, "connection", "local", "cloudInstanceId",
				dropletId));
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		assertThat(created.json().get("cloudInstanceId").asString()).isEqualTo(dropletId);
	}

	private String secret(String value) {
		Response created = admin.post("/api/v1/credentials", Map.of("name", "do-" + UUID.randomUUID().toString()
			.substring(0, 8), "type", "secret", "value", value));
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		return created.json().get("id").asString();
	}

}
