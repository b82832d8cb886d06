package io.opsdeck.identity;

import java.net.http.HttpResponse;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.opsdeck.support.IntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import static io.opsdeck.identity.IdentityIntegrationTests.unique;
import static org.assertj.core.api.Assertions.assertThat;

/** The tokens page as a signed-in admin uses it: create (value shown once), validation, revoke; and API docs. */
@IntegrationTest
class TokenPageIntegrationTests {

	private static final Pattern NEW_TOKEN = Pattern.compile("id=\"new-token-value\"[^>]*value=\"(odk_[^\"]+)\"");

	@LocalServerPort
	int port;

	@Autowired
	JdbcTemplate jdbc;

	BrowserSession browser;

	@BeforeEach
	void signIn() {
		browser = new BrowserSession(port);
		browser.login("admin", IntegrationTest.ADMIN_PASSWORD);
	}

	@Test
	void aCreatedTokenIsShownOnceThenOnlyItsPrefix() {
		String name = unique("page");

		HttpResponse<String> created = submit(Map.of("name", name, "role", "VIEWER", "expiresInDays", "30"));

		assertThat(created.statusCode()).isEqualTo(302);
		String page = browser.get("/tokens").body();
		Matcher value = NEW_TOKEN.matcher(page);
		assertThat(value.find()).as(page).isTrue();
		String token = value.group(1);
		assertThat(page).contains(name).contains(token.substring(0, 8) + "…");
		assertThat(jdbc.queryForObject("select role from api_tokens where name = ?", String.class, name))
			.isEqualTo("VIEWER");
		String again = browser.get("/tokens").body();
		assertThat(again).contains(name).doesNotContain(token);
	}

	@Test
	void anInvalidNameIsShownOnTheForm() {
		HttpResponse<String> response = submit(Map.of("name", "no/slashes", "role", "VIEWER", "expiresInDays", ""));

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("is-invalid").contains("letters, digits");
		assertThat(jdbc.queryForObject("select count(*) from api_tokens where name = 'no/slashes'", Integer.class))
			.isZero();
	}

	@Test
	void revokeButtonRevokes() {
		String name = unique("to-revoke");
		submit(Map.of("name", name, "role", "OPERATOR", "expiresInDays", ""));
		UUID id = jdbc.queryForObject("select id from api_tokens where name = ?", UUID.class, name);
		String csrf = BrowserSession.csrfInput(browser.get("/tokens").body());

		HttpResponse<String> revoked = browser.postForm("/tokens/" + id + "/revoke", Map.of("_csrf", csrf));

		assertThat(revoked.statusCode()).isEqualTo(302);
		assertThat(jdbc.queryForObject("select revoked_at is not null from api_tokens where id = ?", Boolean.class, id))
			.isTrue();
		assertThat(browser.get("/tokens").body()).contains("Token revoked.");
	}

	@Test
	void formsWithoutCsrfTokenAreRefused() {
		HttpResponse<String> response = browser.postForm("/tokens", Map.of("name", unique("forged")));

		assertThat(response.statusCode()).isEqualTo(403);
	}

	@Test
	void apiDocsNeedASignIn() {
		assertThat(new BrowserSession(port).get("/swagger-ui.html").statusCode()).isEqualTo(302);
		assertThat(new BrowserSession(port).get("/swagger-ui/index.html").statusCode()).isEqualTo(302);

		HttpResponse<String> docs = browser.get("/v3/api-docs");
		assertThat(docs.statusCode()).isEqualTo(200);
		assertThat(docs.body()).contains("/api/v1/tokens");
		assertThat(browser.get("/swagger-ui/index.html").statusCode()).isEqualTo(200);
	}

	private HttpResponse<String> submit(Map<String, String> fields) {
		String csrf = BrowserSession.csrfInput(browser.get("/tokens").body());
		Map<String, String> form = new java.util.LinkedHashMap<>(fields);
		form.put("_csrf", csrf);
		return browser.postForm("/tokens", form);
	}

}
