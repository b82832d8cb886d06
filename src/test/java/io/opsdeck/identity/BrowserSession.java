package io.opsdeck.identity;

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
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A browser as far as the server can tell: a cookie jar, no redirects followed, CSRF tokens taken from the pages
 * it renders. Built on {@code java.net.http}.
 */
final class BrowserSession {

	private static final Pattern CSRF_INPUT = Pattern.compile("name=\"_csrf\"\\s+value=\"([^\"]+)\"");

	private static final Pattern CSRF_META = Pattern.compile("<meta name=\"_csrf\" content=\"([^\"]+)\"");

	private final HttpClient http = HttpClient.newBuilder()
		.cookieHandler(new CookieManager(null, CookiePolicy.ACCEPT_ALL))
		.followRedirects(HttpClient.Redirect.NEVER)
		.connectTimeout(Duration.ofSeconds(5))
		.build();

	private final String baseUrl;

	BrowserSession(int port) {
		this("http://localhost:" + port);
	}

	/** @param baseUrl e.g. {@code http://127.0.0.126:8080}, to come from another loopback address */
	BrowserSession(String baseUrl) {
		this.baseUrl = baseUrl;
	}

	/** GET /login, then POST the form with the CSRF token it carried. */
	HttpResponse<String> login(String username, String password) {
		String csrf = csrfInput(get("/login").body());
		Map<String, String> form = new LinkedHashMap<>();
		form.put("username", username);
		form.put("password", password);
		form.put("_csrf", csrf);
		return postForm("/login", form);
	}

	HttpResponse<String> get(String path) {
		return send(request(path).GET());
	}

	/** GET with extra headers, e.g. {@code X-Forwarded-Proto}. */
	HttpResponse<String> get(String path, String... headers) {
		return send(request(path).headers(headers).GET());
	}

	HttpResponse<String> postForm(String path, Map<String, String> form) {
		String body = form.entrySet()
			.stream()
			.map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
			.collect(Collectors.joining("&"));
		return send(request(path).header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(body)));
	}

	/** POST JSON the way the dashboard's JavaScript does; {@code csrf} may be {@code null} to leave it out. */
	HttpResponse<String> postJson(String path, String json, String csrf) {
		HttpRequest.Builder builder = request(path).header("Content-Type", "application/json");
		if (csrf != null) {
			builder.header("X-CSRF-TOKEN", csrf);
		}
		return send(builder.POST(HttpRequest.BodyPublishers.ofString(json)));
	}

	/** DELETE the way the dashboard's JavaScript does, with the CSRF header. */
	HttpResponse<String> deleteJson(String path, String csrf) {
		return send(request(path).header("X-CSRF-TOKEN", csrf).DELETE());
	}

	/** @return the CSRF token from a page's hidden form field */
	static String csrfInput(String html) {
		return find(CSRF_INPUT, html);
	}

	/** @return the CSRF token from a page's {@code <meta name="_csrf">}, as scripts read it */
	static String csrfMeta(String html) {
		return find(CSRF_META, html);
	}

	private static String find(Pattern pattern, String html) {
		Matcher matcher = pattern.matcher(html);
		if (!matcher.find()) {
			throw new AssertionError("No CSRF token in page:\n" + html);
		}
		return matcher.group(1);
	}

	private HttpRequest.Builder request(String path) {
		return HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(30));
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

	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

}
