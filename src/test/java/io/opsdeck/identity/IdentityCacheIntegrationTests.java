package io.opsdeck.identity;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import io.opsdeck.identity.internal.IdentityCache;
import io.opsdeck.identity.internal.TokenValues;
import io.opsdeck.support.ApiClient;
import io.opsdeck.support.ApiClient.Response;
import io.opsdeck.support.IntegrationTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import static io.opsdeck.identity.IdentityIntegrationTests.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The cache of verified tokens and roles ({@link IdentityCache}, issue 8 scenario 6) never lets a change made through
 * Opsdeck be missed: a revoked token, a demoted, disabled or deleted owner and a changed grant take effect on the
 * very next request on this node; a change announced by another node ({@code pg_notify} on
 * {@code opsdeck_identity}, as that node's transaction sends it) within moments, well inside the TTL; an edit made
 * with SQL behind Opsdeck's back within the TTL.
 */
@IntegrationTest
class IdentityCacheIntegrationTests {

	/** Far below the TTL (5 s): a notice is delivered in milliseconds. */
	private static final Duration NOTICE_BOUND = Duration.ofSeconds(2);

	@LocalServerPort
	int port;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	IdentityCache cache;

	@Test
	void theCacheIsOnByDefaultWithAFewSecondsTtl() {
		assertThat(cache.ttl()).isEqualTo(Duration.ofSeconds(5));
		await().atMost(Duration.ofSeconds(10)).until(cache::isActive);
	}

	@Test
	void aRevokedTokenIsRefusedOnTheVeryNextRequest() {
		Response created = admin().post("/api/v1/tokens", Map.of("name", unique("revoked-next"), "role", "VIEWER"));
		ApiClient client = admin().withToken(created.json().get("token").asString());
		assertThat(client.get("/api/v1/me").status()).isEqualTo(200);
		assertThat(client.get("/api/v1/runs").status()).as("served from the cache").isEqualTo(200);

		assertThat(admin().delete("/api/v1/tokens/" + created.json().get("id").asString()).status()).isEqualTo(204);

		assertThat(client.get("/api/v1/me").status()).isEqualTo(401);
		assertThat(client.get("/api/v1/runs").status()).isEqualTo(401);
	}

	@Test
	void roleGrantAndEnabledChangesAreSeenOnTheVeryNextRequest() {
		String owner = createUser("OPERATOR");
		ApiClient client = admin().withToken(insertToken(owner, "ADMIN"));
		assertThat(me(client).get("role")).isEqualTo("OPERATOR");
		assertThat(me(client).get("role")).as("served from the cache").isEqualTo("OPERATOR");

		assertThat(admin().put("/api/v1/users/" + owner, Map.of("role", "VIEWER")).status()).isEqualTo(200);
		assertThat(me(client).get("role")).isEqualTo("VIEWER");

		assertThat(admin().put("/api/v1/users/" + owner + "/grants/cache-env", Map.of("role", "OPERATOR")).status())
			.isEqualTo(200);
		assertThat(me(client).get("environmentRoles")).isEqualTo(Map.of("cache-env", "OPERATOR"));

		assertThat(admin().delete("/api/v1/users/" + owner + "/grants/cache-env").status()).isEqualTo(204);
		assertThat(me(client).get("environmentRoles")).isEqualTo(Map.of());

		assertThat(admin().put("/api/v1/users/" + owner, Map.of("enabled", false)).status()).isEqualTo(200);
		assertThat(client.get("/api/v1/me").status()).isEqualTo(401);

		assertThat(admin().put("/api/v1/users/" + owner, Map.of("enabled", true)).status()).isEqualTo(200);
		assertThat(me(client).get("role")).isEqualTo("VIEWER");

		assertThat(admin().delete("/api/v1/users/" + owner).status()).isEqualTo(204);
		assertThat(client.get("/api/v1/me").status()).isEqualTo(401);
	}

	/** What another node's transaction does: the change and its notice, committed together. */
	@Test
	void aChangeAnnouncedByAnotherNodeTakesEffectWithinMoments() {
		String owner = createUser("OPERATOR");
		ApiClient client = admin().withToken(insertToken(owner, "ADMIN"));
		assertThat(me(client).get("role")).isEqualTo("OPERATOR");

		jdbc.queryForList("""
				with changed as (update users set role = 'VIEWER' where username = ? returning username)
				select pg_notify('opsdeck_identity', username) from changed""", owner);

		await().atMost(NOTICE_BOUND).untilAsserted(() -> assertThat(me(client).get("role")).isEqualTo("VIEWER"));

		jdbc.queryForList("""
				with changed as (update users set enabled = false where username = ? returning username)
				select pg_notify('opsdeck_identity', username) from changed""", owner);

		await().atMost(NOTICE_BOUND).until(() -> client.get("/api/v1/me").status() == 401);
	}

	@Test
	void aRevokeAnnouncedByAnotherNodeTakesEffectWithinMoments() {
		String owner = createUser("VIEWER");
		String value = TokenValues.generate();
		String id = insertTokenValue(owner, "VIEWER", value);
		ApiClient client = admin().withToken(value);
		assertThat(client.get("/api/v1/me").status()).isEqualTo(200);

		jdbc.queryForList("""
				with revoked as (update api_tokens set revoked_at = now() where id = ?::uuid returning owner)
				select pg_notify('opsdeck_identity', owner) from revoked""", id);

		await().atMost(NOTICE_BOUND).until(() -> client.get("/api/v1/me").status() == 401);
	}

	/** Behind Opsdeck's back (psql), no notice: served from the cache for at most the TTL. */
	@Test
	void anUnannouncedEditTakesEffectWithinTheTtl() {
		String owner = createUser("OPERATOR");
		ApiClient client = admin().withToken(insertToken(owner, "ADMIN"));
		assertThat(me(client).get("role")).isEqualTo("OPERATOR");

		jdbc.update("update users set role = 'VIEWER' where username = ?", owner);

		assertThat(me(client).get("role")).as("the cache still serves the entry").isEqualTo("OPERATOR");
		await().atMost(cache.ttl().plusSeconds(2))
			.untilAsserted(() -> assertThat(me(client).get("role")).isEqualTo("VIEWER"));
	}

	@Test
	void anExpiredTokenIsRefusedEvenWhenCached() {
		String owner = createUser("VIEWER");
		String value = TokenValues.generate();
		String id = insertTokenValue(owner, "VIEWER", value);
		jdbc.update("update api_tokens set expires_at = now() + interval '2 seconds' where id = ?::uuid", id);
		ApiClient client = admin().withToken(value);
		assertThat(client.get("/api/v1/me").status()).isEqualTo(200);

		await().atMost(Duration.ofSeconds(4)).until(() -> client.get("/api/v1/me").status() == 401);
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> me(ApiClient client) {
		Response me = client.get("/api/v1/me");
		assertThat(me.status()).as(me.toString()).isEqualTo(200);
		return tools.jackson.databind.json.JsonMapper.shared().convertValue(me.json(), Map.class);
	}

	private ApiClient admin() {
		return new ApiClient(port, IntegrationTest.ADMIN_TOKEN);
	}

	private String createUser(String role) {
		String username = unique("cache-" + role.toLowerCase());
		Response created = admin().post("/api/v1/users",
				Map.of("username", username, "password", "a-long-enough-password", "role", role));
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		return username;
	}

	/** @return the value of a new token of {@code owner} */
	private String insertToken(String owner, String role) {
		String value = TokenValues.generate();
		insertTokenValue(owner, role, value);
		return value;
	}

	/** @return the token's id */
	private String insertTokenValue(String owner, String role, String value) {
		UUID id = UUID.randomUUID();
		jdbc.update("insert into api_tokens (id, name, token_hash, token_prefix, role, owner, created_at) "
				+ "values (?, ?, ?, ?, ?, ?, now())", id, unique("cached"), TokenValues.hash(value),
				TokenValues.prefix(value), role, owner);
		return id.toString();
	}

}
