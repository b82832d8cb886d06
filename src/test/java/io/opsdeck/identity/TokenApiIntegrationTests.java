package io.opsdeck.identity;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.opsdeck.identity.internal.TokenValues;
import io.opsdeck.support.ApiClient;
import io.opsdeck.support.ApiClient.Response;
import io.opsdeck.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.crypto.password.PasswordEncoder;

import static io.opsdeck.identity.IdentityIntegrationTests.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The token API on the running application: response shapes, validation, who sees and revokes which tokens, the
 * browser session with CSRF on the API chain, and the effective role of a token.
 */
@IntegrationTest
class TokenApiIntegrationTests {

	private static final JsonMapper JSON = JsonMapper.shared();

	@LocalServerPort
	int port;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	PasswordEncoder passwordEncoder;

	@Test
	void createdTokenIsShownOnceAndListedWithoutItsValue() {
		String name = unique("ci deploy_1.0");
		Instant before = Instant.now();

		Response created = admin().post("/api/v1/tokens",
				Map.of("name", name, "role", "OPERATOR", "expiresInDays", 90));

		assertThat(created.status()).isEqualTo(201);
		JsonNode body = created.json();
		String token = body.get("token").asString();
		assertThat(token).startsWith("odk_").hasSize(47).matches("odk_[A-Za-z0-9_-]{43}");
		assertThat(body.get("tokenPrefix").asString()).isEqualTo(token.substring(0, 8));
		assertThat(body.get("name").asString()).isEqualTo(name);
		assertThat(body.get("role").asString()).isEqualTo("OPERATOR");
		assertThat(Instant.parse(body.get("expiresAt").asString()))
			.isCloseTo(before.plus(Duration.ofDays(90)), within(Duration.ofMinutes(1)));
		assertThat(Instant.parse(body.get("createdAt").asString())).isCloseTo(before, within(Duration.ofMinutes(1)));
		assertThat(jdbc.queryForObject("select token_hash from api_tokens where id = ?", String.class,
				UUID.fromString(body.get("id").asString())))
			.isEqualTo(TokenValues.hash(token));

		Response list = admin().get("/api/v1/tokens?size=200");
		assertThat(list.status()).isEqualTo(200);
		assertThat(list.body()).doesNotContain(token);
		JsonNode listed = byId(list, body.get("id").asString());
		assertThat(listed.get("status").asString()).isEqualTo("ACTIVE");
		assertThat(listed.get("owner").asString()).isEqualTo("admin");
		assertThat(listed.has("token")).isFalse();
	}

	@Test
	void usingATokenRecordsItsLastUse() {
		Response created = admin().post("/api/v1/tokens", Map.of("name", unique("used"), "role", "VIEWER"));
		String id = created.json().get("id").asString();
		assertThat(byId(admin().get("/api/v1/tokens?size=200"), id).get("lastUsedAt").isNull()).isTrue();

		admin().withToken(created.json().get("token").asString()).get("/api/v1/me");

		JsonNode listed = byId(admin().get("/api/v1/tokens?size=200"), id);
		assertThat(Instant.parse(listed.get("lastUsedAt").asString())).isCloseTo(Instant.now(),
				within(Duration.ofMinutes(1)));
	}

	@Test
	void invalidRequestsAreProblemsNamingTheField() {
		assertInvalid(Map.of("name", ""), "name");
		assertInvalid(Map.of("name", "bad/name"), "name");
		assertInvalid(Map.of("name", "x".repeat(65)), "name");
		assertInvalid(Map.of("name", "ok", "expiresInDays", 0), "expiresInDays");
		assertInvalid(Map.of("name", "ok", "expiresInDays", 3651), "expiresInDays");
		assertInvalid(Map.of("name", "ok", "expiresInDays", 1.5), "expiresInDays");
		Response unknownRole = admin().post("/api/v1/tokens", Map.of("name", "ok", "role", "ROOT"));
		assertThat(unknownRole.status()).isEqualTo(400);
		assertThat(unknownRole.header("Content-Type")).startsWith("application/problem+json");
		assertThat(admin().delete("/api/v1/tokens/not-a-uuid").status()).isEqualTo(400);
		assertThat(admin().delete("/api/v1/tokens/" + UUID.randomUUID()).status()).isEqualTo(404);
	}

	@Test
	void usersSeeAndRevokeOnlyTheirOwnTokensWhileAdminsSeeAll() {
		String olivia = createUser("OPERATOR");
		BrowserSession browser = signedIn(olivia);
		String csrf = BrowserSession.csrfMeta(browser.get("/tokens").body());
		HttpResponse<String> own = browser.postJson("/api/v1/tokens", "{\"name\":\"" + unique("mine") + "\"}", csrf);
		assertThat(own.statusCode()).as(own.body()).isEqualTo(201);
		String ownId = JSON.readTree(own.body()).get("id").asString();
		String adminsTokenId = admin().post("/api/v1/tokens", Map.of("name", unique("admins"), "role", "VIEWER"))
			.json()
			.get("id")
			.asString();
		ApiClient oliviaApi = admin().withToken(JSON.readTree(own.body()).get("token").asString());

		List<String> owners = new ArrayList<>();
		oliviaApi.get("/api/v1/tokens?size=200").json().get("items").forEach(t -> owners.add(t.get("owner").asString()));
		assertThat(owners).isNotEmpty().containsOnly(olivia);
		assertThat(byId(admin().get("/api/v1/tokens?size=200"), ownId).get("owner").asString()).isEqualTo(olivia);

		assertThat(oliviaApi.delete("/api/v1/tokens/" + adminsTokenId).status()).isEqualTo(404);
		assertThat(admin().delete("/api/v1/tokens/" + ownId).status()).as("admins revoke anyone's").isEqualTo(204);
		assertThat(byId(admin().get("/api/v1/tokens?size=200"), ownId).get("status").asString()).isEqualTo("REVOKED");
		assertThat(byId(admin().get("/api/v1/tokens?size=200"), adminsTokenId).get("status").asString())
			.isEqualTo("ACTIVE");
	}

	@Test
	void aViewerTokenIsReadOnlyForTokensToo() {
		String owner = createUser("ADMIN");
		String ownersAdminToken = insertToken(TokenValues.generate(), "ADMIN", owner);
		String viewerValue = TokenValues.generate();
		String viewerId = insertToken(viewerValue, "VIEWER", owner);
		ApiClient viewer = admin().withToken(viewerValue);

		Response revokeAdmin = viewer.delete("/api/v1/tokens/" + ownersAdminToken);
		Response revokeItself = viewer.delete("/api/v1/tokens/" + viewerId);
		Response revokeUnknown = viewer.delete("/api/v1/tokens/" + UUID.randomUUID());
		Response create = viewer.post("/api/v1/tokens", Map.of("name", unique("minted"), "role", "VIEWER"));

		assertThat(revokeAdmin.status()).as(revokeAdmin.toString()).isEqualTo(403);
		assertThat(revokeAdmin.header("Content-Type")).startsWith("application/problem+json");
		assertThat(revokeItself.status()).isEqualTo(403);
		assertThat(revokeUnknown.status()).isEqualTo(403);
		assertThat(create.status()).as(create.toString()).isEqualTo(403);
		assertThat(statusOf(ownersAdminToken)).isEqualTo("ACTIVE");
		assertThat(statusOf(viewerId)).isEqualTo("ACTIVE");
		assertThat(jdbc.queryForObject("select count(*) from api_tokens where owner = ?", Long.class, owner))
			.isEqualTo(2);
		Response list = viewer.get("/api/v1/tokens?size=200");
		assertThat(list.status()).isEqualTo(200);
		List<String> ids = new ArrayList<>();
		list.json().get("items").forEach(t -> ids.add(t.get("id").asString()));
		assertThat(ids).as("only tokens within its own role").containsExactly(viewerId);
	}

	@Test
	void aTokenManagesOnlyTokensWithinItsOwnRole() {
		String owner = createUser("ADMIN");
		String ownersAdminToken = insertToken(TokenValues.generate(), "ADMIN", owner);
		String ownersViewerToken = insertToken(TokenValues.generate(), "VIEWER", owner);
		String operatorValue = TokenValues.generate();
		String operatorId = insertToken(operatorValue, "OPERATOR", owner);
		ApiClient operator = admin().withToken(operatorValue);

		List<String> listed = new ArrayList<>();
		operator.get("/api/v1/tokens?size=200").json().get("items").forEach(t -> listed.add(t.get("id").asString()));
		assertThat(listed).containsExactlyInAnyOrder(ownersViewerToken, operatorId);
		assertThat(operator.delete("/api/v1/tokens/" + ownersAdminToken).status()).isEqualTo(403);
		assertThat(statusOf(ownersAdminToken)).isEqualTo("ACTIVE");
		assertThat(operator.post("/api/v1/tokens", Map.of("name", unique("up"), "role", "ADMIN")).status())
			.isEqualTo(403);
		Response created = operator.post("/api/v1/tokens", Map.of("name", unique("same"), "role", "OPERATOR"));
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		assertThat(operator.delete("/api/v1/tokens/" + ownersViewerToken).status()).isEqualTo(204);
		assertThat(statusOf(ownersViewerToken)).isEqualTo("REVOKED");
		assertThat(operator.delete("/api/v1/tokens/" + operatorId).status()).as("it may revoke itself")
			.isEqualTo(204);
		assertThat(operator.get("/api/v1/me").status()).isEqualTo(401);

		ApiClient adminToken = admin().withToken(IdentityIntegrationTests.createToken(admin(), "ADMIN", 1));
		assertThat(adminToken.delete("/api/v1/tokens/" + ownersAdminToken).status()).as("ADMIN revokes any")
			.isEqualTo(204);
	}

	@Test
	void aSignedInViewerStillManagesOwnTokens() {
		String victor = createUser("VIEWER");
		BrowserSession browser = signedIn(victor);
		String csrf = BrowserSession.csrfMeta(browser.get("/tokens").body());
		HttpResponse<String> created = browser.postJson("/api/v1/tokens",
				"{\"name\":\"" + unique("mine") + "\",\"role\":\"VIEWER\"}", csrf);
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		String id = JSON.readTree(created.body()).get("id").asString();

		HttpResponse<String> revoked = browser.deleteJson("/api/v1/tokens/" + id, csrf);

		assertThat(revoked.statusCode()).as(revoked.body()).isEqualTo(204);
		assertThat(statusOf(id)).isEqualTo("REVOKED");
	}

	@Test
	void pagingOutOfBoundsIsABadRequestNamingTheParameter() {
		for (String query : List.of("page=2147483647&size=2147483647", "page=2147483647", "page=1000001", "page=-1")) {
			assertBadParameter(admin().get("/api/v1/tokens?" + query), "page");
		}
		for (String query : List.of("size=2147483647", "size=201", "size=0")) {
			assertBadParameter(admin().get("/api/v1/tokens?" + query), "size");
		}
		Response last = admin().get("/api/v1/tokens?page=1000000&size=200");
		assertThat(last.status()).as(last.toString()).isEqualTo(200);
		assertThat(last.json().get("items").isEmpty()).isTrue();
	}

	private static void assertBadParameter(Response response, String parameter) {
		assertThat(response.status()).as(response.toString()).isEqualTo(400);
		assertThat(response.header("Content-Type")).startsWith("application/problem+json");
		List<String> fields = new ArrayList<>();
		response.json().get("errors").forEach(error -> fields.add(error.get("field").asString()));
		assertThat(fields).containsExactly(parameter);
	}

	private String statusOf(String tokenId) {
		return byId(admin().get("/api/v1/tokens?size=200"), tokenId).get("status").asString();
	}

	@Test
	void theBrowserSessionWorksOnTheApiWithCsrfForChanges() {
		String victor = createUser("VIEWER");
		BrowserSession browser = signedIn(victor);

		HttpResponse<String> me = browser.get("/api/v1/me");
		assertThat(me.statusCode()).isEqualTo(200);
		assertThat(JSON.readTree(me.body()).get("kind").asString()).isEqualTo("user");
		assertThat(JSON.readTree(me.body()).get("role").asString()).isEqualTo("VIEWER");
		assertThat(JSON.readTree(me.body()).get("username").asString()).isEqualTo(victor);

		String body = "{\"name\":\"" + unique("from-page") + "\",\"role\":\"VIEWER\"}";
		HttpResponse<String> withoutCsrf = browser.postJson("/api/v1/tokens", body, null);
		assertThat(withoutCsrf.statusCode()).isEqualTo(403);
		assertThat(withoutCsrf.headers().firstValue("Content-Type"))
			.hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
		assertThat(withoutCsrf.body()).contains("CSRF");

		String csrf = BrowserSession.csrfMeta(browser.get("/tokens").body());
		assertThat(browser.postJson("/api/v1/tokens", body, csrf).statusCode()).isEqualTo(201);
		assertThat(browser.postJson("/api/v1/tokens", body.replace("VIEWER", "OPERATOR"), csrf).statusCode())
			.as("a viewer cannot mint an operator token")
			.isEqualTo(403);
	}

	@Test
	void aTokenActsWithAtMostItsOwnersCurrentRole() {
		String owner = createUser("OPERATOR");
		String value = TokenValues.generate();
		insertToken(value, "ADMIN", owner);
		ApiClient client = admin().withToken(value);

		Response me = client.get("/api/v1/me");
		assertThat(me.status()).isEqualTo(200);
		assertThat(me.json().get("role").asString()).isEqualTo("OPERATOR");
		assertThat(me.json().get("username").asString()).isEqualTo(owner);

		// through the API: on the very next request (the cache of verified tokens is dropped on commit)
		assertThat(admin().put("/api/v1/users/" + owner, Map.of("role", "VIEWER")).status()).isEqualTo(200);
		assertThat(client.get("/api/v1/me").json().get("role").asString()).isEqualTo("VIEWER");

		assertThat(admin().put("/api/v1/users/" + owner, Map.of("enabled", false)).status()).isEqualTo(200);
		assertThat(client.get("/api/v1/me").status()).isEqualTo(401);

		jdbc.update("delete from users where username = ?", owner);
		assertThat(client.get("/api/v1/me").status()).isEqualTo(401);
	}

	@Test
	void aTokenCannotCreateATokenThatOutlivesIt() {
		ApiClient shortLived = admin().withToken(IdentityIntegrationTests.createToken(admin(), "OPERATOR", 30));

		Response forever = shortLived.post("/api/v1/tokens", Map.of("name", unique("forever")));

		assertThat(forever.status()).isEqualTo(400);
		assertThat(forever.json().get("errors").get(0).get("field").asString()).isEqualTo("expiresInDays");
		assertThat(shortLived.post("/api/v1/tokens", Map.of("name", unique("week"), "expiresInDays", 7)).status())
			.isEqualTo(201);
	}

	@Test
	void malformedBearerHeadersAreRejected() {
		for (String header : List.of("Bearer", "Bearer ", "Bearer a b", "bearer \"quoted\"", "Bearer " + "x".repeat(300))) {
			Response response = send(header);
			assertThat(response.status()).as(header).isEqualTo(401);
			assertThat(response.header("WWW-Authenticate")).as(header).contains("invalid_token");
		}
		assertThat(send("bearer " + IntegrationTest.ADMIN_TOKEN).status()).as("scheme is case-insensitive")
			.isEqualTo(200);
		assertThat(send("Basic YWRtaW46eA==").status()).isEqualTo(401);
	}

	private Response send(String authorization) {
		try {
			ApiClient anonymous = new ApiClient(port, null);
			var response = anonymous.http()
				.send(anonymous.request("/api/v1/me").header("Authorization", authorization).GET().build(),
						java.net.http.HttpResponse.BodyHandlers.ofString());
			return new Response(response);
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	private void assertInvalid(Map<String, Object> body, String field) {
		Response response = admin().post("/api/v1/tokens", body);
		assertThat(response.status()).as(body.toString()).isEqualTo(400);
		assertThat(response.header("Content-Type")).startsWith("application/problem+json");
		List<String> fields = new ArrayList<>();
		response.json().get("errors").forEach(error -> fields.add(error.get("field").asString()));
		assertThat(fields).as(body.toString()).contains(field);
	}

	private String createUser(String role) {
		String username = unique(role.toLowerCase());
		jdbc.update("insert into users (id, username, password_hash, role, enabled, created_at) "
				+ "values (?, ?, ?, ?, true, now())", UUID.randomUUID(), username, passwordEncoder.encode(username),
				role);
		return username;
	}

	/** @return the new token's id */
	private String insertToken(String value, String role, String owner) {
		UUID id = UUID.randomUUID();
		jdbc.update("insert into api_tokens (id, name, token_hash, token_prefix, role, owner, created_at) "
				+ "values (?, ?, ?, ?, ?, ?, now())", id, unique("inserted"), TokenValues.hash(value),
				TokenValues.prefix(value), role, owner);
		return id.toString();
	}

	/** Signs in with the password {@link #createUser} gave: the user name itself. */
	private BrowserSession signedIn(String username) {
		BrowserSession browser = new BrowserSession(port);
		HttpResponse<String> login = browser.login(username, username);
		assertThat(login.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).doesNotContain("error"));
		return browser;
	}

	private static JsonNode byId(Response list, String id) {
		for (JsonNode token : list.json().get("items")) {
			if (token.get("id").asString().equals(id)) {
				return token;
			}
		}
		throw new AssertionError("token " + id + " not listed in " + list);
	}

	private ApiClient admin() {
		return new ApiClient(port, IntegrationTest.ADMIN_TOKEN);
	}

}
