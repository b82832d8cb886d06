package io.opsdeck.identity;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.opsdeck.support.ApiClient;
import io.opsdeck.support.ApiClient.Response;
import io.opsdeck.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Users, per-environment grants and scoped tokens end to end (docs/security.md "Users", "Roles per environment",
 * "Scoped tokens"), proven through {@code GET /api/v1/me}: the actor as of each request.
 */
@IntegrationTest
class AccessIntegrationTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final String PASSWORD = "a-long-enough-password";

	@LocalServerPort
	int port;

	@Test
	void adminsManageUsersAndNeverSeeAHash() {
		String name = unique("olivia");

		Response created = admin().post("/api/v1/users", Map.of("username", name, "password", PASSWORD, "role",
				"OPERATOR"));
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		assertThat(created.header("Location")).endsWith("/api/v1/users/" + name);
		assertThat(created.body()).doesNotContain("password").doesNotContain("{bcrypt}");
		assertThat(admin().post("/api/v1/users", Map.of("username", name, "password", PASSWORD, "role", "VIEWER"))
			.status()).as("duplicate").isEqualTo(409);
		Response lookalike = admin().post("/api/v1/users", Map.of("username", name.toUpperCase(java.util.Locale.ROOT),
				"password", PASSWORD, "role", "VIEWER"));
		assertThat(lookalike.status()).as("the same name in other case: " + lookalike.body()).isEqualTo(409);
		assertThat(lookalike.body()).contains("ignoring case");

		Response changed = admin().put("/api/v1/users/" + name, Map.of("role", "VIEWER", "enabled", false));
		assertThat(changed.status()).as(changed.body()).isEqualTo(200);
		assertThat(changed.json().get("role").asString()).isEqualTo("VIEWER");
		assertThat(changed.json().get("enabled").asBoolean()).isFalse();
		assertThat(admin().get("/api/v1/users").body()).contains(name).doesNotContain("{bcrypt}");
		assertThat(admin().put("/api/v1/users/" + name, Map.of("enabled", true, "password", "new-password-123"))
			.status()).isEqualTo(200);
		assertThat(signIn(name, "new-password-123").get("/api/v1/me").statusCode()).isEqualTo(200);

		assertThat(admin().delete("/api/v1/users/" + name).status()).isEqualTo(204);
		assertThat(admin().get("/api/v1/users/" + name).status()).isEqualTo(404);
	}

	@Test
	void badInputIsA400NamingTheField() {
		assertField(admin().post("/api/v1/users", Map.of("username", unique("p"), "password", "short", "role",
				"VIEWER")), "password");
		assertField(admin().post("/api/v1/users", Map.of("username", unique("p"), "password", "x".repeat(257),
				"role", "VIEWER")), "password");
		assertField(admin().post("/api/v1/users", Map.of("username", "../etc", "password", PASSWORD, "role",
				"VIEWER")), "username");
		String name = createUser("VIEWER");
		assertField(admin().put("/api/v1/users/" + name, Map.of("password", "short")), "password");
		// bcrypt reads at most 72 bytes: 73 ASCII characters, or 30 three-byte characters (90 bytes), are a 400
		// naming the field, not a 500 from the encoder; 72 bytes exactly are a password
		assertField(admin().put("/api/v1/users/" + name, Map.of("password", "x".repeat(73))), "password");
		assertField(admin().post("/api/v1/users", Map.of("username", unique("p"), "password", "\u20ac".repeat(30),
				"role", "VIEWER")), "password");
		assertThat(admin().put("/api/v1/users/" + name, Map.of("password", "y".repeat(72))).status()).isEqualTo(200);
		assertThat(signIn(name, "y".repeat(72)).get("/api/v1/me").statusCode()).isEqualTo(200);
		assertField(admin().put("/api/v1/users/" + name + "/grants/Bad_Env", Map.of("role", "ADMIN")),
				"environment");
		assertField(admin().post("/api/v1/tokens", Map.of("name", unique("t"), "environments", List.of("Prod!"))),
				"environments[0]");
	}

	@Test
	void theLastEnabledAdminCannotBeDisabledDemotedOrDeleted() {
		String other = createUser("ADMIN");
		ApiClient asOther = tokenOf(other, "ADMIN", null);
		// every admin but `other` disabled would be too disruptive for the shared context: instead, `other` tries
		// on `admin` while `admin` stays, then the rule is shown on a one-admin world seen from the database
		List<String> admins = admin().get("/api/v1/users")
			.json()
			.valueStream()
			.filter(u -> u.get("role").asString().equals("ADMIN") && u.get("enabled").asBoolean())
			.map(u -> u.get("username").asString())
			.toList();
		assertThat(admins).contains("admin", other);
		// disable every enabled admin except `other` ...
		for (String name : admins) {
			if (!name.equals(other)) {
				assertThat(asOther.put("/api/v1/users/" + name, Map.of("enabled", false)).status()).isEqualTo(200);
			}
		}
		try {
			// ... now `other` is the last one
			assertThat(asOther.put("/api/v1/users/" + other, Map.of("enabled", false)).status()).isEqualTo(409);
			assertThat(asOther.put("/api/v1/users/" + other, Map.of("role", "OPERATOR")).status()).isEqualTo(409);
			Response delete = asOther.delete("/api/v1/users/" + other);
			assertThat(delete.status()).isEqualTo(409);
			assertThat(delete.json().get("detail").asString()).contains("last enabled ADMIN");
		}
		finally {
			for (String name : admins) {
				if (!name.equals(other)) {
					assertThat(asOther.put("/api/v1/users/" + name, Map.of("enabled", true)).status()).isEqualTo(200);
				}
			}
		}
		assertThat(asOther.put("/api/v1/users/" + other, Map.of("role", "OPERATOR")).status()).isEqualTo(200);
	}

	@Test
	void aGrantRaisesTheRoleInOneEnvironmentOnlyAndARevokeTakesEffectInTheOpenSession() {
		String name = createUser("VIEWER");
		BrowserSession browser = signIn(name, PASSWORD);
		assertThat(me(browser).get("environmentRoles").isEmpty()).isTrue();

		Response granted = admin().put("/api/v1/users/" + name + "/grants/staging", Map.of("role", "OPERATOR"));
		assertThat(granted.status()).as(granted.body()).isEqualTo(200);
		assertThat(granted.json().get("grantedBy").asString()).isEqualTo("token:bootstrap");

		JsonNode me = me(browser);
		assertThat(me.get("role").asString()).as("base role unchanged").isEqualTo("VIEWER");
		assertThat(me.get("environmentRoles").get("staging").asString()).isEqualTo("OPERATOR");
		assertThat(me.get("environmentRoles").has("production")).isFalse();
		assertThat(admin().get("/api/v1/users/" + name + "/grants/staging").json().get("role").asString())
			.isEqualTo("OPERATOR");
		assertThat(admin().get("/api/v1/users/" + name + "/grants").json().size()).isEqualTo(1);

		assertThat(admin().delete("/api/v1/users/" + name + "/grants/staging").status()).isEqualTo(204);
		assertThat(me(browser).get("environmentRoles").isEmpty()).as("same session, next request").isTrue();
		assertThat(admin().delete("/api/v1/users/" + name + "/grants/staging").status()).isEqualTo(404);

		assertThat(admin().put("/api/v1/users/" + name, Map.of("enabled", false)).status()).isEqualTo(200);
		assertThat(browser.get("/api/v1/me").statusCode()).as("disabled: the session ends").isEqualTo(401);
	}

	@Test
	void aTokenIsCappedAtItsOwnersRolePerEnvironment() {
		String name = createUser("VIEWER");
		admin().put("/api/v1/users/" + name + "/grants/staging", Map.of("role", "ADMIN"));
		admin().put("/api/v1/users/" + name + "/grants/qa", Map.of("role", "OPERATOR"));
		ApiClient operatorToken = tokenOf(name, "OPERATOR", List.of("staging", "qa"));

		JsonNode me = operatorToken.get("/api/v1/me").json();
		assertThat(me.get("role").asString()).isEqualTo("VIEWER");
		assertThat(me.get("environmentRoles").get("staging").asString()).as("token role caps").isEqualTo("OPERATOR");
		assertThat(me.get("environmentRoles").get("qa").asString()).isEqualTo("OPERATOR");
		assertThat(me.get("environments").valueStream().map(JsonNode::asString)).containsExactly("qa", "staging");

		admin().delete("/api/v1/users/" + name + "/grants/qa");
		assertThat(operatorToken.get("/api/v1/me").json().get("environmentRoles").has("qa"))
			.as("revoked grant: the token is a VIEWER in qa at once").isFalse();
	}

	@Test
	void aScopedTokenIsAViewerAtMostAndShowsItsScope() {
		Response created = admin().post("/api/v1/tokens", Map.of("name", unique("scoped"), "role", "ADMIN",
				"environments", List.of("staging", "staging", "qa")));
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		assertThat(created.json().get("environments").valueStream().map(JsonNode::asString))
			.containsExactlyInAnyOrder("qa", "staging");
		ApiClient scoped = admin().withToken(created.json().get("token").asString());

		JsonNode me = scoped.get("/api/v1/me").json();
		assertThat(me.get("role").asString()).as("never manages global things").isEqualTo("VIEWER");
		assertThat(me.get("environmentRoles").get("staging").asString()).isEqualTo("ADMIN");
		assertThat(me.get("environmentRoles").has("production")).isFalse();
		assertThat(scoped.get("/api/v1/users").status()).as("users are global: ADMIN only").isEqualTo(403);
		assertThat(scoped.post("/api/v1/tokens", Map.of("name", unique("child"))).status())
			.as("a scoped token is read-only for tokens").isEqualTo(403);
		String id = created.json().get("id").asString();
		assertThat(admin().get("/api/v1/tokens?size=200").json().get("items").valueStream()
			.filter(t -> t.get("id").asString().equals(id))
			.findFirst()
			.orElseThrow()
			.get("environments")
			.size()).isEqualTo(2);
	}

	@Test
	void aUserCannotScopeATokenAboveTheirRoleThere() {
		String name = createUser("VIEWER");
		admin().put("/api/v1/users/" + name + "/grants/staging", Map.of("role", "OPERATOR"));
		ApiClient asUser = tokenOf(name, "VIEWER", null);
		BrowserSession browser = signIn(name, PASSWORD);
		String csrf = BrowserSession.csrfMeta(browser.get("/tokens").body());

		HttpResponse<String> staging = browser.postJson("/api/v1/tokens", "{\"name\":\"ci\",\"role\":\"OPERATOR\","
				+ "\"environments\":[\"staging\"]}", csrf);
		HttpResponse<String> everywhere = browser.postJson("/api/v1/tokens", "{\"name\":\"ci\",\"role\":\"OPERATOR\"}",
				csrf);
		HttpResponse<String> mixed = browser.postJson("/api/v1/tokens", "{\"name\":\"ci\",\"role\":\"OPERATOR\","
				+ "\"environments\":[\"staging\",\"production\"]}", csrf);

		assertThat(staging.statusCode()).as(staging.body()).isEqualTo(201);
		assertThat(everywhere.statusCode()).isEqualTo(403);
		assertThat(mixed.statusCode()).isEqualTo(403);
		assertThat(asUser.get("/api/v1/me").status()).isEqualTo(200);
	}

	private JsonNode me(BrowserSession browser) {
		HttpResponse<String> response = browser.get("/api/v1/me");
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return JSON.readTree(response.body());
	}

	private static void assertField(Response response, String field) {
		assertThat(response.status()).as(response.body()).isEqualTo(400);
		assertThat(response.body()).contains("\"" + field + "\"");
	}

	private String createUser(String role) {
		String name = unique(role.toLowerCase());
		Response created = admin().post("/api/v1/users", Map.of("username", name, "password", PASSWORD, "role", role));
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		return name;
	}

	/** A token of {@code owner}, created through a signed-in session of theirs. */
	private ApiClient tokenOf(String owner, String role, List<String> environments) {
		BrowserSession browser = signIn(owner, PASSWORD);
		String csrf = BrowserSession.csrfMeta(browser.get("/tokens").body());
		String scope = (environments == null) ? "" : ",\"environments\":" + JSON.writeValueAsString(environments);
		HttpResponse<String> created = browser.postJson("/api/v1/tokens",
				"{\"name\":\"" + unique("t") + "\",\"role\":\"" + role + "\"" + scope + "}", csrf);
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		return admin().withToken(JSON.readTree(created.body()).get("token").asString());
	}

	private BrowserSession signIn(String username, String password) {
		BrowserSession browser = new BrowserSession(port);
		HttpResponse<String> login = browser.login(username, password);
		assertThat(login.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).doesNotContain("/login"));
		return browser;
	}

	private ApiClient admin() {
		return new ApiClient(port, IntegrationTest.ADMIN_TOKEN);
	}

	private static String unique(String prefix) {
		return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
	}

}
