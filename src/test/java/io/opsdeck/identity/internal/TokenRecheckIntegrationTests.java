package io.opsdeck.identity.internal;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import io.opsdeck.support.ApiClient;
import io.opsdeck.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The check an open stream repeats ({@link TokenAuthenticator#recheck(String)}, through
 * {@link CredentialRecheckService}) on real PostgreSQL: a token that expires while its entry is still in the
 * {@link IdentityCache} is rejected at once, not when the entry runs out and the row is read again. The stream-level
 * tests (LogsIntegrationTests, RunIntegrationTests) prove that a rejected recheck ends the stream.
 */
@IntegrationTest
class TokenRecheckIntegrationTests {

	@LocalServerPort
	int port;

	@Autowired
	TokenAuthenticator tokens;

	@Autowired
	IdentityCache cache;

	@Autowired
	JdbcTemplate jdbc;

	@Test
	void aCachedTokenIsRejectedTheMomentItExpires() {
		await().atMost(Duration.ofSeconds(30)).until(cache::isActive);
		JsonNode created = new ApiClient(port, IntegrationTest.ADMIN_TOKEN)
			.post("/api/v1/tokens", Map.of("name", "expiring-" + UUID.randomUUID().toString().substring(0, 8),
					"role", "VIEWER", "expiresInDays", 1))
			.json();
		String value = created.path("token").asString();
		String hash = TokenValues.hash(value);
		// a day is the API's shortest lifetime: bring the expiry to a second from now before the token's first use
		Instant expiresAt = jdbc.queryForObject("update api_tokens set expires_at = now() + interval '1 second' "
				+ "where id = ? returning expires_at", Timestamp.class,
				UUID.fromString(created.path("id").asString())).toInstant();

		assertThat(tokens.authenticate(value)).as("valid until " + expiresAt).isPresent();
		assertThat(cache.token(hash)).as("cached").isNotNull();
		await().atMost(Duration.ofSeconds(10)).until(() -> Instant.now().isAfter(expiresAt));

		assertThat(cache.token(hash)).as("still cached: the cache's TTL (5 s) has not run out").isNotNull();
		assertThat(tokens.recheck(hash)).as("expired").isEmpty();
	}

}
