package io.opsdeck.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.opsdeck.support.ApiClient;
import io.opsdeck.support.IntegrationTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.web.filter.ForwardedHeaderFilter;

import jakarta.servlet.Filter;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Security headers and CSRF as a browser meets them (issue 7, "Access": CSP/HSTS/X-Frame-Options headers, CSRF on
 * every form; docs/security.md, "Headers"): the headers on a page, an API answer and both kinds of error; HSTS only
 * over HTTPS, also when a proxy says so with {@code X-Forwarded-Proto}; every {@code <form method="post">} of every
 * page an admin can reach by following links carries {@code _csrf}, and each of those forms posted without it is a
 * 403.
 */
@IntegrationTest
class SecurityHeadersIntegrationTests {

	private static final Pattern HREF = Pattern.compile("href=\"(/[^\"#]*)\"");

	private static final Pattern FORM = Pattern.compile("<form\\b[^>]*>.*?</form>", Pattern.DOTALL | Pattern.CASE_INSENSITIVE);

	private static final Pattern POST = Pattern.compile("method=\"post\"", Pattern.CASE_INSENSITIVE);

	private static final Pattern ACTION = Pattern.compile("action=\"([^\"]*)\"");

	private static final Pattern CSRF_INPUT = Pattern.compile("name=\"_csrf\"\\s+value=\"([^\"]+)\"");

	/** Links not to follow: actions through GET, downloads, API documents, huge or streaming answers. */
	private static final Pattern SKIP = Pattern.compile(
			"^/(api/|v3/|swagger|actuator|logout|css/|js/|vendor/|webjars/|favicon).*|.*(download|export|/log\\b|\\.csv).*");

	private static final int MAX_PAGES = 80;

	@LocalServerPort
	int port;

	@Autowired
	@Qualifier("springSecurityFilterChain")
	Filter springSecurityFilterChain;

	@Test
	void pagesApiAnswersAndErrorsCarryTheHeadersAndNoHstsOverPlainHttp() {
		Session browser = Session.signedIn(port);
		assertSecurityHeaders(browser.get("/"), "text/html");
		assertSecurityHeaders(browser.get("/no-such-page-" + UUID.randomUUID()), "text/html");
		ApiClient api = new ApiClient(port, IntegrationTest.ADMIN_TOKEN);
		assertSecurityHeaders(api.get("/api/v1/me").raw(), "application/json");
		assertSecurityHeaders(api.get("/api/v1/no-such-thing").raw(), "application/problem+json");
		assertSecurityHeaders(new ApiClient(port, null).get("/api/v1/me").raw(), "application/problem+json");
		// a client cannot claim HTTPS: Opsdeck trusts X-Forwarded-* only when configured behind a proxy
		HttpResponse<String> claimed = api.send(api.request("/api/v1/me").header("X-Forwarded-Proto", "https").GET())
			.raw();
		assertThat(claimed.headers().firstValue("Strict-Transport-Security")).isEmpty();
	}

	@Test
	void hstsOverHttpsAndBehindAProxyThatSaysHttps() throws Exception {
		MockHttpServletRequest direct = new MockHttpServletRequest("GET", "/login");
		direct.setSecure(true);
		direct.setScheme("https");
		assertThat(hstsOf(direct)).isEqualTo("max-age=31536000 ; includeSubDomains");

		// server.forward-headers-strategy=framework: Spring's ForwardedHeaderFilter runs first
		MockHttpServletRequest proxied = new MockHttpServletRequest("GET", "/login");
		proxied.addHeader("X-Forwarded-Proto", "https");
		MockHttpServletResponse response = new MockHttpServletResponse();
		new ForwardedHeaderFilter().doFilter(proxied, response,
				(request, res) -> springSecurityFilterChain.doFilter(request, res, new MockFilterChain()));
		assertThat(response.getHeader("Strict-Transport-Security")).isEqualTo("max-age=31536000 ; includeSubDomains");

		MockHttpServletRequest plain = new MockHttpServletRequest("GET", "/login");
		assertThat(hstsOf(plain)).isNull();
	}

	@Test
	void everyPostFormCarriesTheCsrfTokenAndIsRefusedWithoutIt() {
		ApiClient api = new ApiClient(port, IntegrationTest.ADMIN_TOKEN);
		String environment = "csrf-" + UUID.randomUUID().toString().substring(0, 6);
		api.post("/api/v1/environments",
				Map.of("name", environment, "kind", "staging", "cloudProvider", "aws", "region", "us-east-1"));
		api.post("/api/v1/servers", Map.of("name", "csrf-box-" + environment, "host", "127.0.0.144", "username",
				"root", "environment", environment, "connection", "local"));
		Session browser = Session.signedIn(port);
		Set<String> visited = new LinkedHashSet<>();
		Map<String, String> postForms = new LinkedHashMap<>();
		Deque<String> queue = new ArrayDeque<>();
		queue.add("/");
		queue.add("/environments/" + environment);
		while (!queue.isEmpty() && visited.size() < MAX_PAGES) {
			String path = queue.poll();
			if (!visited.add(path)) {
				continue;
			}
			HttpResponse<String> page = browser.get(path);
			assertThat(page.statusCode()).as(path).isLessThan(500);
			String contentType = page.headers().firstValue("Content-Type").orElse("");
			if (page.statusCode() != 200 || !contentType.startsWith("text/html")) {
				continue;
			}
			Matcher forms = FORM.matcher(page.body());
			while (forms.find()) {
				String form = forms.group();
				String start = form.substring(0, form.indexOf('>') + 1);
				if (!POST.matcher(start).find()) {
					continue;
				}
				assertThat(form).as("a post form on " + path + ": " + start).contains("name=\"_csrf\"");
				Matcher action = ACTION.matcher(start);
				String target = action.find() ? action.group(1).replace("&amp;", "&") : path;
				postForms.putIfAbsent(target, path);
			}
			Matcher links = HREF.matcher(page.body());
			while (links.find()) {
				String link = links.group(1).replace("&amp;", "&");
				if (!SKIP.matcher(link).matches() && !visited.contains(link)) {
					queue.add(link);
				}
			}
		}
		assertThat(visited).as("pages crawled").hasSizeGreaterThan(10);
		assertThat(postForms).as("post forms found").hasSizeGreaterThan(5);
		postForms.forEach((action, page) -> {
			HttpResponse<String> refused = browser.postForm(action, Map.of("probe", "1"));
			assertThat(refused.statusCode()).as("POST " + action + " (form on " + page + ") without _csrf")
				.isEqualTo(403);
		});
		// the session is still good: nothing above signed it out
		assertThat(browser.get("/").statusCode()).isEqualTo(200);
	}

	private String hstsOf(MockHttpServletRequest request) throws Exception {
		MockHttpServletResponse response = new MockHttpServletResponse();
		springSecurityFilterChain.doFilter(request, response, new MockFilterChain());
		return response.getHeader("Strict-Transport-Security");
	}

	private static void assertSecurityHeaders(HttpResponse<String> response, String contentType) {
		String what = response.request().uri().getPath() + " (" + response.statusCode() + ")";
		assertThat(response.headers().firstValue("Content-Type")).as(what).hasValueSatisfying(
				value -> assertThat(value).startsWith(contentType));
		assertThat(response.headers().firstValue("Content-Security-Policy")).as(what)
			.hasValueSatisfying(csp -> assertThat(csp).contains("default-src 'self'")
				.contains("script-src 'self'")
				.contains("frame-ancestors 'none'")
				.contains("object-src 'none'"));
		assertThat(response.headers().firstValue("X-Frame-Options")).as(what).contains("DENY");
		assertThat(response.headers().firstValue("X-Content-Type-Options")).as(what).contains("nosniff");
		assertThat(response.headers().firstValue("Referrer-Policy")).as(what).contains("same-origin");
		assertThat(response.headers().firstValue("Strict-Transport-Security")).as(what + " over plain HTTP").isEmpty();
	}

	/** A browser as the server sees one: a cookie jar, no redirects followed. */
	private static final class Session {

		private final HttpClient http = HttpClient.newBuilder()
			.cookieHandler(new CookieManager(null, CookiePolicy.ACCEPT_ALL))
			.followRedirects(HttpClient.Redirect.NEVER)
			.connectTimeout(Duration.ofSeconds(5))
			.build();

		private final String baseUrl;

		private Session(int port) {
			this.baseUrl = "http://localhost:" + port;
		}

		static Session signedIn(int port) {
			Session session = new Session(port);
			Matcher csrf = CSRF_INPUT.matcher(session.get("/login").body());
			assertThat(csrf.find()).as("the login form carries _csrf").isTrue();
			HttpResponse<String> login = session.postForm("/login",
					Map.of("username", "admin", "password", IntegrationTest.ADMIN_PASSWORD, "_csrf", csrf.group(1)));
			assertThat(login.statusCode()).isEqualTo(302);
			assertThat(login.headers().firstValue("Location").orElse("")).doesNotContain("error");
			return session;
		}

		HttpResponse<String> get(String path) {
			return send(HttpRequest.newBuilder(URI.create(baseUrl + path))
				.timeout(Duration.ofSeconds(30))
				.header("Accept", "text/html,application/xhtml+xml,*/*;q=0.8")
				.GET());
		}

		HttpResponse<String> postForm(String path, Map<String, String> form) {
			StringBuilder body = new StringBuilder();
			form.forEach((name, value) -> body.append(body.isEmpty() ? "" : "&")
				.append(URLEncoder.encode(name, StandardCharsets.UTF_8))
				.append('=')
				.append(URLEncoder.encode(value, StandardCharsets.UTF_8)));
			return send(HttpRequest.newBuilder(URI.create(baseUrl + path))
				.timeout(Duration.ofSeconds(30))
				.header("Content-Type", "application/x-www-form-urlencoded")
				.POST(HttpRequest.BodyPublishers.ofString(body.toString())));
		}

		private HttpResponse<String> send(HttpRequest.Builder builder) {
			try {
				return http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
		}

	}

}
