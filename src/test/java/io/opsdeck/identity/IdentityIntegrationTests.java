package io.opsdeck.identity;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import io.opsdeck.support.ApiClient;
import io.opsdeck.support.ApiClient.Response;
import io.opsdeck.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Identity end to end: tokens on the API chain, form login on the page chain, actuator access, log hygiene. */
@IntegrationTest
@ExtendWith(OutputCaptureExtension.class)
class IdentityIntegrationTests {

	@LocalServerPort
	int port;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	LoggingSystem loggingSystem;

	@Test
	void noTokenGetsA401ProblemWithBearerChallenge() {
		Response response = anonymous().get("/api/v1/me");

		assertThat(response.status()).isEqualTo(401);
		assertThat(response.header("Content-Type")).startsWith("application/problem+json");
		assertThat(response.header("WWW-Authenticate")).startsWith("Bearer");
		assertThat(response.json().get("status").asInt()).isEqualTo(401);
		assertThat(response.json().get("title").asString()).isEqualTo("Unauthorized");
		assertThat(response.header("Set-Cookie")).as("no session for API calls").isNull();
	}

	@Test
	void bootstrapTokenActsAsAdmin() {
		Response response = admin().get("/api/v1/me");

		assertThat(response.status()).isEqualTo(200);
		assertThat(response.json().get("role").asString()).isEqualTo("ADMIN");
		assertThat(response.json().get("kind").asString()).isEqualTo("token");
		assertThat(response.json().get("username").asString()).isEqualTo("admin");
		assertThat(response.json().get("tokenName").asString()).isEqualTo("bootstrap");
		assertThat(response.header("Set-Cookie")).as("bearer calls stay stateless").isNull();
	}

	@Test
	void viewerTokenIsAViewer() {
		String token = createToken(admin(), "VIEWER", 1);

		Response me = admin().withToken(token).get("/api/v1/me");

		assertThat(me.status()).isEqualTo(200);
		assertThat(me.json().get("role").asString()).isEqualTo("VIEWER");
		assertThat(me.json().get("kind").asString()).isEqualTo("token");
	}

	@Test
	void revokedTokenIsRejected() {
		Response created = admin().post("/api/v1/tokens", Map.of("name", unique("revoke-me"), "role", "VIEWER"));
		String token = created.json().get("token").asString();
		ApiClient client = admin().withToken(token);
		assertThat(client.get("/api/v1/me").status()).isEqualTo(200);

		Response revoked = admin().delete("/api/v1/tokens/" + created.json().get("id").asString());

		assertThat(revoked.status()).isEqualTo(204);
		Response rejected = client.get("/api/v1/me");
		assertThat(rejected.status()).isEqualTo(401);
		assertThat(rejected.header("Content-Type")).startsWith("application/problem+json");
		assertThat(rejected.header("WWW-Authenticate")).contains("invalid_token");
	}

	@Test
	void expiredTokenIsRejected() {
		Response created = admin().post("/api/v1/tokens",
				Map.of("name", unique("expiring"), "role", "VIEWER", "expiresInDays", 1));
		String token = created.json().get("token").asString();
		ApiClient client = admin().withToken(token);
		assertThat(client.get("/api/v1/me").status()).isEqualTo(200);

		// behind Opsdeck's back, announced as another node would (the cache of verified tokens: docs/security.md)
		jdbc.queryForList("""
				with expired as (update api_tokens set expires_at = now() - interval '1 second' where id = ?
				                 returning owner)
				select pg_notify('opsdeck_identity', owner) from expired""",
				UUID.fromString(created.json().get("id").asString()));

		await().atMost(Duration.ofSeconds(2)).until(() -> client.get("/api/v1/me").status() == 401);
	}

	@Test
	void operatorCannotCreateAnAdminToken() {
		ApiClient operator = admin().withToken(createToken(admin(), "OPERATOR", 30));

		Response refused = operator.post("/api/v1/tokens", Map.of("name", unique("escalate"), "role", "ADMIN"));

		assertThat(refused.status()).isEqualTo(403);
		assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
		Response allowed = operator.post("/api/v1/tokens", Map.of("name", unique("same"), "expiresInDays", 7));
		assertThat(allowed.status()).isEqualTo(201);
		assertThat(allowed.json().get("role").asString()).as("role defaults to the caller's").isEqualTo("OPERATOR");
	}

	@Test
	void adminPasswordSignsIn() {
		BrowserSession browser = new BrowserSession(port);
		HttpResponse<String> askedFor = browser.get("/tokens");
		assertThat(askedFor.statusCode()).isEqualTo(302);
		assertThat(askedFor.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/login"));

		HttpResponse<String> login = browser.login("admin", IntegrationTest.ADMIN_PASSWORD);

		assertThat(login.statusCode()).isEqualTo(302);
		assertThat(login.headers().firstValue("Location"))
			.as("back to the page asked for")
			.hasValueSatisfying(l -> assertThat(l).contains("/tokens"));
		HttpResponse<String> page = browser.get("/tokens");
		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(page.body()).contains("API tokens").contains("bootstrap");
		assertThat(page.headers().firstValue("Content-Security-Policy"))
			.hasValueSatisfying(csp -> assertThat(csp).contains("script-src 'self'").contains("frame-ancestors 'none'"));
		assertThat(page.headers().firstValue("X-Frame-Options")).hasValue("DENY");
	}

	/**
	 * A form sent from a page whose session has ended (here: signed out in another tab; a restart does the same, as
	 * sessions live in memory) goes back to the sign-in page saying so, instead of a bare 403 "Something went wrong".
	 * A live session posting without its token is still a 403.
	 */
	@Test
	void aFormFromAnEndedSessionAsksToSignInAgain() {
		BrowserSession browser = new BrowserSession(port);
		browser.login("admin", IntegrationTest.ADMIN_PASSWORD);
		String csrf = BrowserSession.csrfInput(browser.get("/tokens").body());
		HttpResponse<String> forged = browser.postForm("/tokens", Map.of("name", unique("no-token")));
		assertThat(forged.statusCode()).as("a live session without its token").isEqualTo(403);
		HttpResponse<String> signedOut = browser.postForm("/logout", Map.of("_csrf", csrf));
		assertThat(signedOut.statusCode()).isEqualTo(302);

		String name = unique("after-sign-out");
		HttpResponse<String> stale = browser.postForm("/tokens", Map.of("name", name, "role", "VIEWER", "_csrf", csrf));

		assertThat(stale.statusCode()).isEqualTo(302);
		assertThat(stale.headers().firstValue("Location"))
			.hasValueSatisfying(l -> assertThat(l).endsWith("/login?expired"));
		HttpResponse<String> login = browser.get("/login?expired");
		assertThat(login.body()).contains("data-testid=\"login-expired\"").contains("Sign in and send it again");
		assertThat(jdbc.queryForObject("select count(*) from api_tokens where name = ?", Integer.class, name)).isZero();
	}

	/**
	 * A bearer call that also carries the browser's session cookie (curl with a cookie jar, Swagger UI in a
	 * signed-in browser) is authenticated by the token alone and leaves the session as it was: it used to give the
	 * session a new id, which signed out every client still holding the old cookie.
	 */
	@Test
	void aBearerCallWithTheSessionCookieLeavesTheSessionAlone() throws IOException, InterruptedException {
		HttpResponse<String> login = new BrowserSession(port).login("admin", IntegrationTest.ADMIN_PASSWORD);
		String cookie = login.headers().firstValue("Set-Cookie").orElseThrow().split(";", 2)[0];
		HttpClient http = HttpClient.newHttpClient();
		URI me = URI.create("http://localhost:" + port + "/api/v1/me");

		HttpResponse<String> bearer = http.send(HttpRequest.newBuilder(me).header("Cookie", cookie)
			.header("Authorization", "Bearer " + IntegrationTest.ADMIN_TOKEN).build(), HttpResponse.BodyHandlers.ofString());

		assertThat(bearer.statusCode()).isEqualTo(200);
		assertThat(bearer.body()).contains("\"kind\":\"token\"");
		assertThat(bearer.headers().firstValue("Set-Cookie")).as("the session keeps its id").isEmpty();
		HttpResponse<String> session = http.send(HttpRequest.newBuilder(me).header("Cookie", cookie).build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(session.statusCode()).as("the old cookie still signs in").isEqualTo(200);
		assertThat(session.body()).contains("\"kind\":\"user\"");
	}

	@Test
	void wrongPasswordGoesBackToTheLoginPageWithAnError() {
		BrowserSession browser = new BrowserSession(port);

		HttpResponse<String> login = browser.login("admin", "not-the-password");

		assertThat(login.statusCode()).isEqualTo(302);
		assertThat(login.headers().firstValue("Location"))
			.hasValueSatisfying(l -> assertThat(l).endsWith("/login?error"));
		assertThat(browser.get("/login?error").body()).contains("Invalid user name or password");
		assertThat(browser.get("/tokens").statusCode()).isEqualTo(302);
	}

	@Test
	void signingOutEndsTheSession() {
		BrowserSession browser = new BrowserSession(port);
		browser.login("admin", IntegrationTest.ADMIN_PASSWORD);
		String csrf = BrowserSession.csrfInput(browser.get("/tokens").body());

		HttpResponse<String> logout = browser.postForm("/logout", Map.of("_csrf", csrf));

		assertThat(logout.headers().firstValue("Location"))
			.hasValueSatisfying(l -> assertThat(l).endsWith("/login?logout"));
		assertThat(browser.get("/login?logout").body()).contains("Signed out");
		assertThat(browser.get("/tokens").statusCode()).isEqualTo(302);
	}

	@Test
	void healthIsPublicAndPrometheusNeedsAToken() {
		assertThat(anonymous().get("/actuator/health").status()).isEqualTo(200);
		assertThat(anonymous().get("/actuator/health/liveness").status()).isEqualTo(200);

		Response anonymousScrape = anonymous().get("/actuator/prometheus");
		assertThat(anonymousScrape.status()).isEqualTo(401);
		assertThat(anonymousScrape.header("Content-Type")).startsWith("application/problem+json");
		assertThat(anonymous().get("/actuator/info").status()).isEqualTo(401);
		assertThat(anonymous().get("/v3/api-docs").status()).isEqualTo(401);

		Response scrape = admin().get("/actuator/prometheus");
		assertThat(scrape.status()).isEqualTo(200);
		assertThat(scrape.body()).contains("jvm_memory_used_bytes");
		String viewer = createToken(admin(), "VIEWER", 1);
		assertThat(admin().withToken(viewer).get("/actuator/prometheus").status()).isEqualTo(200);
	}

	@Test
	void tokenValuesNeverReachTheLog(CapturedOutput output) {
		// as chatty as an operator debugging a problem would make it; TRACE shows whole bodies, untruncated
		String[] loggers = { "org.springframework.security", "org.springframework.web", "io.opsdeck" };
		for (String logger : loggers) {
			loggingSystem.setLogLevel(logger, LogLevel.TRACE);
		}
		String name = unique("log-check");
		String token;
		try {
			Response created = admin().post("/api/v1/tokens", Map.of("name", name, "role", "VIEWER"));
			token = created.json().get("token").asString();
			ApiClient client = admin().withToken(token);
			assertThat(client.get("/api/v1/me").status()).isEqualTo(200);
			assertThat(admin().withToken(token + "x").get("/api/v1/me").status()).isEqualTo(401);
			assertThat(admin().delete("/api/v1/tokens/" + created.json().get("id").asString()).status())
				.isEqualTo(204);
			assertThat(client.get("/api/v1/me").status()).isEqualTo(401);
		}
		finally {
			for (String logger : loggers) {
				loggingSystem.setLogLevel(logger, null);
			}
		}

		assertThat(output.getAll()).as("the log was captured").contains("API token '" + name + "'");
		assertThat(output.getAll()).doesNotContain(token)
			.doesNotContain(token.substring(12))
			.doesNotContain(IntegrationTest.ADMIN_TOKEN);
	}

	private ApiClient anonymous() {
		return new ApiClient(port, null);
	}

	private ApiClient admin() {
		return new ApiClient(port, IntegrationTest.ADMIN_TOKEN);
	}

	/** @return the value of a new token created through {@code client} */
	static String createToken(ApiClient client, String role, int expiresInDays) {
		Response created = client.post("/api/v1/tokens",
				Map.of("name", unique(role.toLowerCase()), "role", role, "expiresInDays", expiresInDays));
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		JsonNode body = created.json();
		assertThat(body.get("role").asString()).isEqualTo(role);
		return body.get("token").asString();
	}

	static String unique(String name) {
		return name + "-" + UUID.randomUUID().toString().substring(0, 8);
	}

}
