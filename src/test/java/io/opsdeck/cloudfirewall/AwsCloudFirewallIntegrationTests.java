package io.opsdeck.cloudfirewall;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.opsdeck.support.ApiClient;
import io.opsdeck.support.ApiClient.Response;
import io.opsdeck.support.FakeEc2Server;
import io.opsdeck.support.FakeEc2Server.Rule;
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
 * The AWS cloud firewall through the API against {@link FakeEc2Server}, a local endpoint implementing the EC2 Query
 * API calls Opsdeck makes (not AWS): plan on an empty cloud, apply, plan again in sync, a partial state, a wrong key,
 * a failure midway, roles, and the secret never leaving.
 */
@IntegrationTest
@ExtendWith(OutputCaptureExtension.class)
class AwsCloudFirewallIntegrationTests {

	private static final String SECRET = "fake-secret-access-key-never-shown-0001";

	private static final String WEB1 = "i-0123456789abcdef0";

	private static final String WEB2 = "i-0fedcba9876543210";

	private static FakeEc2Server ec2;

	@LocalServerPort
	int port;

	ApiClient admin;

	String environment;

	String group;

	String defaultGroup;

	String monitoringGroup;

	@BeforeAll
	static void startEc2() {
		ec2 = FakeEc2Server.start();
	}

	@AfterAll
	static void stopEc2() {
		ec2.close();
	}

	@BeforeEach
	void setUp() {
		ec2.reset();
		defaultGroup = ec2.addGroup("default", "vpc-0a1b2c3d");
		monitoringGroup = ec2.addGroup("monitoring", "vpc-0a1b2c3d");
		ec2.addInstance(WEB1, "vpc-0a1b2c3d", defaultGroup);
		ec2.addInstance(WEB2, "vpc-0a1b2c3d", defaultGroup, monitoringGroup);
		admin = new ApiClient(port, IntegrationTest.ADMIN_TOKEN);
		environment = "fw-" + UUID.randomUUID().toString().substring(0, 8);
		group = "opsdeck-" + environment + "-web";
		assertThat(admin.post("/api/v1/environments", Map.of("name", environment, "kind", "production",
				"cloudProvider", "aws", "region", "eu-central-1")).status()).isEqualTo(201);
		server("web-1", WEB1);
		server("web-2", WEB2);
		server("bastion", null);
		String credential = secret(SECRET);
		Response saved = admin.put(path(), Map.of("accessKeyId", FakeEc2Server.ACCESS_KEY_ID, "credentialId",
				credential, "endpoint", ec2.endpoint()));
		assertThat(saved.status()).as(saved.body()).isEqualTo(200);
		assertThat(saved.json().get("groupName").asString()).isEqualTo(group);
	}

	@Test
	void planOnAnEmptyCloudCreatesAuthorizesAndAttachesThenApplyMakesItSoAndThePlanIsEmpty(CapturedOutput output) {
		JsonNode plan = post("/plan", 200);
		assertThat(plan.get("inSync").asBoolean()).isFalse();
		assertThat(plan.get("groupId").isNull()).isTrue();
		assertThat(descriptions(plan)).containsExactly("create security group " + group + " in vpc-0a1b2c3d",
				"allow tcp 22 from 0.0.0.0/0", "allow tcp 22 from ::/0", "allow tcp 80 from 0.0.0.0/0",
				"allow tcp 80 from ::/0", "allow tcp 443 from 0.0.0.0/0", "allow tcp 443 from ::/0",
				"attach to " + environment + "-web-1 (" + WEB1 + ")", "attach to " + environment + "-web-2 (" + WEB2 + ")");
		assertThat(plan.get("notes").toString()).contains("bastion has no cloud instance id");
		assertThat(ec2.groupsNamed(group)).as("a plan changes nothing").isEmpty();
		assertThat(ec2.actions()).containsExactly("DescribeInstances", "DescribeSecurityGroups");

		JsonNode applied = post("/apply", 200);
		assertThat(descriptions(applied)).isEqualTo(descriptions(plan));
		List<FakeEc2Server.Group> groups = ec2.groupsNamed(group);
		assertThat(groups).hasSize(1);
		FakeEc2Server.Group created = groups.get(0);
		assertThat(applied.get("groupId").asString()).isEqualTo(created.id());
		assertThat(created.vpcId()).isEqualTo("vpc-0a1b2c3d");
		assertThat(created.rules()).containsExactlyInAnyOrder(new Rule("tcp", 22, 22, "0.0.0.0/0"),
				new Rule("tcp", 22, 22, "::/0"), new Rule("tcp", 80, 80, "0.0.0.0/0"), new Rule("tcp", 80, 80, "::/0"),
				new Rule("tcp", 443, 443, "0.0.0.0/0"), new Rule("tcp", 443, 443, "::/0"));
		assertThat(ec2.instance(WEB1).groups()).containsExactly(defaultGroup, created.id());
		assertThat(ec2.instance(WEB2).groups()).as("the instance keeps its other groups")
			.containsExactly(defaultGroup, monitoringGroup, created.id());

		JsonNode again = post("/plan", 200);
		assertThat(again.get("inSync").asBoolean()).isTrue();
		assertThat(again.get("changes")).isEmpty();
		assertThat(again.get("groupId").asString()).isEqualTo(created.id());
		int calls = ec2.actions().size();
		assertThat(descriptions(post("/apply", 200))).as("applying an empty plan changes nothing").isEmpty();
		assertThat(ec2.actions().subList(calls, ec2.actions().size()))
			.containsExactly("DescribeInstances", "DescribeSecurityGroups");
		assertThat(output.getAll()).doesNotContain(SECRET);
		assertThat(ec2.authorizations()).allSatisfy(header -> assertThat(header).doesNotContain(SECRET));
	}

	@Test
	void aPartlyConfiguredGroupGetsOnlyWhatIsMissing() {
		String existing = ec2.addGroup(group, "vpc-0a1b2c3d", new Rule("tcp", 22, 22, "0.0.0.0/0"),
				new Rule("tcp", 0, 65535, "::/0"), new Rule("tcp", 8080, 8080, "0.0.0.0/0"));
		ec2.addGroup(group, "vpc-0other0000000000");
		ec2.instance(WEB2).groups().add(existing);

		JsonNode plan = post("/plan", 200);
		assertThat(plan.get("groupId").asString()).isEqualTo(existing);
		assertThat(descriptions(plan)).containsExactly("allow tcp 80 from 0.0.0.0/0", "allow tcp 443 from 0.0.0.0/0",
				"attach to " + environment + "-web-1 (" + WEB1 + ")");

		post("/apply", 200);
		assertThat(ec2.actions()).filteredOn("AuthorizeSecurityGroupIngress"::equals).hasSize(2);
		assertThat(ec2.instance(WEB1).groups()).containsExactly(defaultGroup, existing);
		assertThat(post("/plan", 200).get("inSync").asBoolean()).isTrue();
	}

	@Test
	void aWrongKeyIsAClearProblemAndChangesNothing(CapturedOutput output) {
		admin.put(path(), Map.of("accessKeyId", "AKIAWRONGWRONGWRONG1", "credentialId", secret(SECRET), "endpoint",
				ec2.endpoint()));
		Response plan = admin.post(path() + "/plan", Map.of());
		assertThat(plan.status()).isEqualTo(502);
		assertThat(plan.header("Content-Type")).startsWith("application/problem+json");
		JsonNode problem = plan.json();
		assertThat(problem.get("reason").asString()).as(plan.body()).isEqualTo("credentials");
		assertThat(problem.get("detail").asString()).contains("AWS refused DescribeInstances").contains("AuthFailure");
		Response apply = admin.post(path() + "/apply", Map.of());
		assertThat(apply.status()).isEqualTo(502);
		assertThat(apply.json().get("applied")).isEmpty();
		assertThat(apply.json().get("detail").asString()).contains("Nothing was changed.");
		assertThat(ec2.groupsNamed(group)).isEmpty();
		assertThat(plan.body() + apply.body() + admin.get(path()).body()).doesNotContain(SECRET);
		assertThat(output.getAll()).doesNotContain(SECRET);
	}

	@Test
	void aFailureMidwaySaysWhatWasAppliedAndTheNextPlanShowsTheRest() {
		ec2.failOn("ModifyInstanceAttribute", "UnauthorizedOperation", 403);
		Response apply = admin.post(path() + "/apply", Map.of());
		assertThat(apply.status()).isEqualTo(502);
		JsonNode problem = apply.json();
		assertThat(problem.get("reason").asString()).isEqualTo("access-denied");
		assertThat(problem.get("detail").asString()).contains("ModifyInstanceAttribute: UnauthorizedOperation")
			.contains("Already applied before the failure: 7 changes");
		assertThat(problem.get("applied")).hasSize(7);
		assertThat(problem.get("applied").get(0).get("action").asString()).isEqualTo("CREATE_GROUP");

		JsonNode rest = post("/plan", 200);
		assertThat(descriptions(rest)).containsExactly("attach to " + environment + "-web-1 (" + WEB1 + ")",
				"attach to " + environment + "-web-2 (" + WEB2 + ")");
	}

	@Test
	void aRuleSomeoneAddedMeanwhileCountsAsDone() {
		ec2.failOn("AuthorizeSecurityGroupIngress", "InvalidPermission.Duplicate", 400);
		JsonNode applied = post("/apply", 200);
		assertThat(applied.get("changes")).hasSize(9);
		assertThat(ec2.instance(WEB1).groups()).contains(applied.get("groupId").asString());
	}

	@Test
	void anUnknownInstanceIsNamed() {
		server("web-3", "i-00000000000000bad");
		Response plan = admin.post(path() + "/plan", Map.of());
		assertThat(plan.status()).isEqualTo(502);
		assertThat(plan.json().get("reason").asString()).isEqualTo("not-found");
		assertThat(plan.json().get("detail").asString()).contains("InvalidInstanceID.NotFound")
			.contains("i-00000000000000bad");
	}

	@Test
	void settingsAndInstanceIdsAreValidatedAndRolesEnforced() {
		Response noKey = admin.put(path(), Map.of("credentialId", secret(SECRET)));
		assertThat(noKey.status()).isEqualTo(400);
		assertThat(noKey.body()).contains("accessKeyId");
		// a secret access key pasted as the key id is refused, not published to viewers
		Response secretAsId = admin.put(path(), Map.of("accessKeyId", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
				"credentialId", secret(SECRET)));
		assertThat(secretAsId.status()).isEqualTo(400);
		assertThat(secretAsId.body()).contains("accessKeyId").doesNotContain("wJalrXUtnFEMI");
		// the settings' secret cannot be deleted while they use it
		String used = admin.get(path()).json().path("credentialId").asString();
		Response deleted = admin.delete("/api/v1/credentials/" + used);
		assertThat(deleted.status()).as(deleted.body()).isEqualTo(409);
		assertThat(deleted.body()).contains("cloud firewall settings");
		Response droplet = admin.post("/api/v1/servers", Map.of("name", environment + "-x", "host", "127.0.0.1",
				"username", "root", "environment", environment, "connection", "local", "cloudInstanceId", "3164444"));
		assertThat(droplet.status()).isEqualTo(400);
		assertThat(droplet.body()).contains("cloudInstanceId").contains("i-0123456789abcdef0");
		assertThat(admin.post("/api/v1/servers", Map.of("name", environment + "-y", "host", "127.0.0.1", "username",
				"root", "environment", environment, "connection", "local", "cloudInstanceId", "i-12")).status())
			.isEqualTo(400);

		ApiClient operator = admin.withToken(token("OPERATOR"));
		assertThat(operator.post(path() + "/plan", Map.of()).status()).isEqualTo(200);
		assertThat(operator.post(path() + "/apply", Map.of()).status()).isEqualTo(403);
		assertThat(operator.put(path(), Map.of("credentialId", secret(SECRET))).status()).isEqualTo(403);
		ApiClient viewer = admin.withToken(token("VIEWER"));
		assertThat(viewer.get(path()).status()).isEqualTo(200);
		assertThat(viewer.post(path() + "/plan", Map.of()).status()).isEqualTo(403);
		assertThat(ec2.groupsNamed(group)).isEmpty();

		JsonNode paths = admin.get("/v3/api-docs").json().path("paths");
		assertThat(paths.path("/api/v1/environments/{name}/cloud-firewall/plan").path("post").path("summary")
			.asString()).isEqualTo("Plan: what applying would change");
		assertThat(paths.path("/api/v1/environments/{name}/cloud-firewall/apply").path("post").path("tags").get(0)
			.asString()).isEqualTo("Cloud firewall");
	}

	private JsonNode post(String action, int status) {
		Response response = admin.post(path() + action, Map.of());
		assertThat(response.status()).as(response.body()).isEqualTo(status);
		assertThat(response.body()).doesNotContain(SECRET);
		return response.json();
	}

	private static List<String> descriptions(JsonNode plan) {
		return plan.get("changes").valueStream().map(c -> c.get("description").asString()).toList();
	}

	private String path() {
		return "/api/v1/environments/" + environment + "/cloud-firewall";
	}

	private void server(String name, String instanceId) {
		Map<String, Object> body = new java.util.HashMap<>(Map.of("name", environment + "-" + name, "host",
				"127.0.0.1", "username", "root", "environment", environment, "connection", "local"));
		if (instanceId != null) {
			body.put("cloudInstanceId", instanceId);
		}
		Response created = admin.post("/api/v1/servers", body);
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		assertThat(created.json().path("cloudInstanceId").isNull() || created.json().path("cloudInstanceId")
			.asString()
			.equals(instanceId)).isTrue();
	}

	private String secret(String value) {
		Response created = admin.post("/api/v1/credentials", Map.of("name", "fw-" + UUID.randomUUID().toString()
			.substring(0, 8), "type", "secret", "value", value));
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		return created.json().get("id").asString();
	}

	private String token(String role) {
		Response created = admin.post("/api/v1/tokens", Map.of("name", "fw " + UUID.randomUUID(), "role", role));
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		return created.json().get("token").asString();
	}

}
