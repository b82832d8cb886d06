package io.opsdeck.identity;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import io.opsdeck.support.ApiClient;
import io.opsdeck.support.ApiClient.Response;
import io.opsdeck.support.DocsOutput;
import io.opsdeck.support.IntegrationTest;
import io.opsdeck.support.SshKeygen;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.condition.NameValueExpression;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The access matrix (issue 7, "Tests that must pass"): every route of the application, read from Spring MVC's own
 * route list, must carry a rule ({@link RequiresEnvironmentRole} or {@code @PreAuthorize}) unless it is in
 * {@link #PUBLIC}; then each route is called over real HTTP as nobody (401 for the API, the login page for pages), as
 * two users who are {@code VIEWER}s everywhere but hold {@code OPERATOR} and {@code ADMIN} in one fixture environment
 * (signed in: pages, and the API with their session), and as a token of the operator scoped to that environment,
 * against resources of that environment and of another one: a missing role is a 403, a present one anything but
 * 401/403 (a 400 or 404 still proves the rule let the call through). A plain viewer checks the pages open to whoever
 * holds a role in any environment. Writes
 * {@code docs/access-matrix.md}. A new endpoint without a rule, or a rule that is not enforced, fails here.
 */
@IntegrationTest
class AccessMatrixIntegrationTests {

	/** Routes anyone may call: the login page and Spring Boot's error page. */
	static final Set<String> PUBLIC = Set.of("/login", "/error");

	/** Routes secured by the filter chains alone (any signed-in role): springdoc's API description and UI. */
	static final List<String> CHAIN_ONLY = List.of("/v3/api-docs", "/swagger-ui");

	private static final Pattern VARIABLE = Pattern.compile("\\{([^}:]+)(?::[^}]*)?}");

	private static final Pattern HAS_ROLE = Pattern.compile("^hasRole\\('(VIEWER|OPERATOR|ADMIN)'\\)$");

	private static final Pattern IN_ANY = Pattern.compile("^@environmentRoles\\.inAny\\('(VIEWER|OPERATOR|ADMIN)'\\)$");

	private static final String PASSWORD = "matrix-password-0123456789";

	@LocalServerPort
	int port;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	@Qualifier("requestMappingHandlerMapping")
	RequestMappingHandlerMapping mappings;

	private final String suffix = UUID.randomUUID().toString().substring(0, 6);

	/** The environment the users hold a grant in. */
	private final String own = "mx-own-" + suffix;

	/** The environment where every user is a plain VIEWER. */
	private final String other = "mx-other-" + suffix;

	private final Map<String, Map<String, String>> fixtures = new LinkedHashMap<>();

	@TempDir
	Path keys;

	private String credentialId;

	@Test
	void everyRouteHasARuleAndEveryRuleHolds() throws Exception {
		List<Route> routes = routes();
		List<String> unruled = routes.stream()
			.filter(route -> route.rule() == null)
			.map(route -> route.method() + " " + route.pattern() + " (" + route.handler() + ")")
			.toList();
		assertThat(unruled).as("routes with neither @RequiresEnvironmentRole nor @PreAuthorize; add a rule (see "
				+ "docs/security.md, \"Route rules and the access matrix\") or, if the route is public on purpose, "
				+ "add it to AccessMatrixIntegrationTests.PUBLIC").isEmpty();
		writeDocs(routes);

		createFixtures();
		Client anonymous = Client.anonymous(port);
		List<User> users = users();
		List<String> failures = new ArrayList<>();
		List<Probe> allowed = new ArrayList<>();
		int calls = 0;
		for (Route route : routes) {
			if (route.rule() instanceof Rule.Public) {
				continue;
			}
			// nobody: 401 problem for the API, the login page for pages; the handler never runs
			Result result = anonymous.call(route, path(route, own), body(route, own), true);
			calls++;
			boolean api = route.pattern().startsWith("/api/") || route.pattern().equals("/v3/api-docs")
					|| route.pattern().startsWith("/v3/api-docs/");
			if (api ? result.status() != 401 : !result.redirectsToLogin()) {
				failures.add("anonymous " + route + " -> " + result);
			}
			for (User user : users) {
				if ((route.page() && !user.pages()) || route.pattern().startsWith("/v3/")) {
					continue;
				}
				// the plain viewer is what the others are outside their grant: it adds only the "role anywhere" pages
				if (user.grants().isEmpty() && !(route.rule() instanceof Rule.InAny)) {
					continue;
				}
				for (String environment : route.scoped() ? List.of(other, own) : List.of(own)) {
					Probe probe = new Probe(route, user, environment, expected(route.rule(), user, environment));
					if (probe.allowed()) {
						allowed.add(probe);
						continue;
					}
					// denials first, while every fixture still exists (a deleted one would be a 404)
					result = user.client().call(route, path(route, environment), body(route, environment), false);
					calls++;
					if (result.status() != 403) {
						failures.add(probe + " expected 403 -> " + result);
					}
				}
			}
		}
		// then the calls that must get through, reads before changes before deletions
		allowed.sort(Comparator.comparingInt(probe -> order(probe.route().method())));
		for (Probe probe : allowed) {
			Result result = probe.user()
				.client()
				.call(probe.route(), path(probe.route(), probe.environment()), body(probe.route(), probe.environment()),
						false);
			calls++;
			// 502-504: the call got through and failed on the fixture server, where nothing listens
			// "signed in" routes may still refuse in the service (a VIEWER token revoking a token): not 401 is enough
			boolean refused = result.status() == 403 && !(probe.route().rule() instanceof Rule.SignedIn);
			if (result.status() == 401 || refused || result.redirectsToLogin() || result.status() == 500
					|| result.status() > 504) {
				failures.add(probe + " expected to get through -> " + result);
			}
		}
		System.out.println("Access matrix: " + calls + " calls on " + routes.size() + " routes");
		assertThat(failures).as(calls + " calls on " + routes.size() + " routes").isEmpty();
	}

	// ---------------------------------------------------------------------------------------------------------------
	// The route list and the rule of each route

	/** What a route demands. */
	sealed interface Rule {

		/** {@code @RequiresEnvironmentRole}: the role in the environment of the addressed resource (or the body's). */
		record InEnvironment(Role role, String resolver, String variable) implements Rule {
		}

		/** {@code @PreAuthorize("hasRole('X')")}: the base role. */
		record Global(Role role) implements Rule {
		}

		/** {@code @PreAuthorize("@environmentRoles.inAny('X')")}: the role in at least one environment. */
		record InAny(Role role) implements Rule {
		}

		/** {@code @PreAuthorize("isAuthenticated()")}. */
		record SignedIn() implements Rule {
		}

		/** Secured by the filter chain only (signed in, any role). */
		record ChainOnly() implements Rule {
		}

		/** No rule: anyone. */
		record Public() implements Rule {
		}

	}

	record Route(String method, String pattern, Map<String, String> params, String accept, Rule rule,
			String handler) {

		boolean scoped() {
			return rule instanceof Rule.InEnvironment;
		}

		boolean body() {
			return rule instanceof Rule.InEnvironment env && env.resolver().equals(RequiresEnvironmentRole.BODY);
		}

		boolean page() {
			return !pattern.startsWith("/api/");
		}

		@Override
		public String toString() {
			return method + " " + pattern;
		}

	}

	private List<Route> routes() {
		List<Route> routes = new ArrayList<>();
		for (Map.Entry<RequestMappingInfo, HandlerMethod> entry : mappings.getHandlerMethods().entrySet()) {
			RequestMappingInfo info = entry.getKey();
			HandlerMethod handler = entry.getValue();
			Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
			Map<String, String> params = new LinkedHashMap<>();
			for (NameValueExpression<String> expression : info.getParamsCondition().getExpressions()) {
				if (!expression.isNegated()) {
					params.put(expression.getName(), (expression.getValue() != null) ? expression.getValue() : "x");
				}
			}
			String accept = info.getProducesCondition()
				.getProducibleMediaTypes()
				.stream()
				.findFirst()
				.map(Object::toString)
				.orElse("*/*");
			for (String pattern : info.getPatternValues()) {
				Rule rule = ruleOf(pattern, handler);
				for (RequestMethod method : methods.isEmpty() ? Set.of(RequestMethod.GET) : methods) {
					routes.add(new Route(method.name(), pattern, params, accept, rule,
							handler.getBeanType().getSimpleName() + "." + handler.getMethod().getName()));
				}
			}
		}
		routes.sort(Comparator.comparing(Route::pattern).thenComparing(Route::method).thenComparing(Route::handler));
		return routes;
	}

	static Rule ruleOf(String pattern, HandlerMethod handler) {
		Method method = handler.getMethod();
		RequiresEnvironmentRole environmentRole = AnnotatedElementUtils.findMergedAnnotation(method,
				RequiresEnvironmentRole.class);
		if (environmentRole != null) {
			return new Rule.InEnvironment(environmentRole.value(), environmentRole.resolver(),
					environmentRole.variable());
		}
		PreAuthorize preAuthorize = AnnotatedElementUtils.findMergedAnnotation(method, PreAuthorize.class);
		if (preAuthorize == null) {
			preAuthorize = AnnotatedElementUtils.findMergedAnnotation(handler.getBeanType(), PreAuthorize.class);
		}
		if (preAuthorize != null) {
			String expression = preAuthorize.value().trim();
			Matcher hasRole = HAS_ROLE.matcher(expression);
			if (hasRole.matches()) {
				return new Rule.Global(Role.valueOf(hasRole.group(1)));
			}
			Matcher inAny = IN_ANY.matcher(expression);
			if (inAny.matches()) {
				return new Rule.InAny(Role.valueOf(inAny.group(1)));
			}
			if (expression.equals("isAuthenticated()")) {
				return new Rule.SignedIn();
			}
			throw new AssertionError("The access matrix does not understand @PreAuthorize(\"" + expression + "\") on "
					+ handler + ": use hasRole('X'), isAuthenticated() or @environmentRoles.inAny('X')");
		}
		if (PUBLIC.contains(pattern)) {
			return new Rule.Public();
		}
		if (CHAIN_ONLY.stream().anyMatch(pattern::startsWith)) {
			return new Rule.ChainOnly();
		}
		return null;
	}

	/** @return whether a user may call the route against resources of {@code environment} */
	static boolean expected(Rule rule, User user, String environment) {
		if (rule instanceof Rule.InEnvironment env) {
			Role role = user.roleIn(environment);
			return role != null && role.includes(env.role());
		}
		if (rule instanceof Rule.Global global) {
			return user.base().includes(global.role());
		}
		if (rule instanceof Rule.InAny any) {
			return user.highest().includes(any.role());
		}
		return true; // signed in, chain only, public
	}

	private static int order(String method) {
		return switch (method) {
			case "GET", "HEAD", "OPTIONS" -> 0;
			case "DELETE" -> 2;
			default -> 1;
		};
	}

	// ---------------------------------------------------------------------------------------------------------------
	// Fixtures: two environments, each with a server, a run, a schedule and a drill; three users

	/** A user who is a VIEWER everywhere and holds {@code granted} in {@code environment} (none for VIEWER). */
	record User(String name, Role base, Map<String, Role> grants, Set<String> scope, Client client) {

		/** @return the role in {@code environment}; {@code null} outside a scoped token's environments */
		Role roleIn(String environment) {
			return (scope != null && !scope.contains(environment)) ? null : grants.getOrDefault(environment, base);
		}

		/** @return whether pages can be used (a session); tokens are for the API only */
		boolean pages() {
			return scope == null;
		}

		Role highest() {
			return grants.values().stream().filter(r -> r.includes(base)).max(Comparator.naturalOrder()).orElse(base);
		}

		@Override
		public String toString() {
			return name + " (" + base + (grants.isEmpty() ? "" : ", " + grants) + ((scope != null) ? ", only " + scope : "")
					+ ")";
		}

	}

	record Probe(Route route, User user, String environment, boolean allowed) {

		@Override
		public String toString() {
			return user + " " + route + (route.scoped() ? " on " + environment : "");
		}

	}

	private void createFixtures() {
		ApiClient admin = new ApiClient(port, IntegrationTest.ADMIN_TOKEN);
		SshKeygen.Key key = SshKeygen.generate(keys, "matrix", "ed25519", 0, null, "");
		Response credential = admin.post("/api/v1/credentials",
				Map.of("name", "mx-key-" + suffix, "type", "ssh-key", "privateKey", key.text()));
		assertThat(credential.status()).as(credential.toString()).isEqualTo(201);
		credentialId = credential.json().path("id").asString();
		for (String environment : List.of(own, other)) {
			fixtures.put(environment, EnvironmentFixture.create(admin, jdbc, environment, credentialId, "matrix"));
		}
	}

	private List<User> users() {
		ApiClient admin = new ApiClient(port, IntegrationTest.ADMIN_TOKEN);
		List<User> users = new ArrayList<>();
		for (Role role : Role.values()) {
			String name = "mx-" + role.name().toLowerCase(java.util.Locale.ROOT) + "-" + suffix;
			Response created = admin.post("/api/v1/users", Map.of("username", name, "password", PASSWORD, "role", "VIEWER"));
			assertThat(created.status()).as(created.toString()).isEqualTo(201);
			Map<String, Role> granted = Map.of();
			if (role != Role.VIEWER) {
				Response grant = admin.put("/api/v1/users/" + name + "/grants/" + own, Map.of("role", role.name()));
				assertThat(grant.status()).as(grant.toString()).isBetween(200, 204);
				granted = Map.of(own, role);
			}
			Client client = Client.signedIn(port, name, PASSWORD);
			users.add(new User(name, Role.VIEWER, granted, null, client));
			if (role == Role.OPERATOR) {
				// a token of this user, scoped to the environment of the grant: nothing at all elsewhere
				Result token = client.call(new Route("POST", "/api/v1/tokens", Map.of(), "application/json",
						new Rule.SignedIn(), "token"), "/api/v1/tokens",
						Map.of("name", "matrix-scoped", "role", "OPERATOR", "environments", List.of(own)), false);
				assertThat(token.status()).as(token.toString()).isEqualTo(201);
				String value = tools.jackson.databind.json.JsonMapper.shared()
					.readTree(token.body())
					.path("token")
					.asString();
				users.add(new User("token:matrix-scoped", Role.VIEWER, granted, Set.of(own),
						Client.bearer(port, value)));
			}
		}
		return users;
	}

	private String path(Route route, String environment) {
		Map<String, String> ids = fixtures.get(environment);
		Rule.InEnvironment rule = (route.rule() instanceof Rule.InEnvironment env) ? env : null;
		Matcher matcher = VARIABLE.matcher(route.pattern());
		StringBuilder path = new StringBuilder();
		while (matcher.find()) {
			String variable = matcher.group(1);
			String value;
			if (rule != null && variable.equals(rule.variable()) && !route.body()) {
				value = ids.get(rule.resolver());
				if (value == null) {
					throw new AssertionError("No fixture for resolver '" + rule.resolver() + "' (" + route
							+ "): add one to AccessMatrixIntegrationTests.createFixtures");
				}
			}
			else {
				value = switch (variable) {
					case "name" -> environment;
					case "item" -> "check-disk-space";
					case "timestamp" -> "2026-01-01-000000";
					default -> UUID.randomUUID().toString();
				};
			}
			matcher.appendReplacement(path, Matcher.quoteReplacement(URLEncoder.encode(value, StandardCharsets.UTF_8)));
		}
		matcher.appendTail(path);
		if (!route.params().isEmpty()) {
			path.append('?')
				.append(route.params()
					.entrySet()
					.stream()
					.map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
					.collect(Collectors.joining("&")));
		}
		return path.toString();
	}

	/**
	 * @return for routes whose environment is in the body, a body that names {@code environment} and passes
	 * validation up to the service's check; for other API routes an unreadable body (a 400 if the handler reads it,
	 * so an allowed call changes nothing); for other pages an empty form
	 */
	private Map<String, Object> body(Route route, String environment) {
		if (!route.body()) {
			return route.page() ? Map.of() : Map.of("unreadable", true);
		}
		String unique = "mx-" + UUID.randomUUID().toString().substring(0, 8);
		String cron = "0 0 2 ? 1,4,7,10 MON#1";
		Map<String, Object> body = switch (route.toString()) {
			case "POST /api/v1/runs", "POST /runs" ->
				Map.of("kind", "ansible", "playbook", "no-such-playbook.yml", "environment", environment);
			case "POST /api/v1/drills" -> Map.of("environment", environment, "type", "full");
			case "POST /api/v1/servers", "POST /servers" -> Map.of("name", unique, "host", "127.0.0.132", "port", 1,
					"username", "root", "environment", environment, "connection", "ssh", "hostKeyPolicy",
					"trust-on-first-use", "credentialId", credentialId);
			case "POST /api/v1/schedules" -> Map.of("name", unique, "action", "drill", "environment", environment,
					"cron", cron, "timeZone", "UTC", "paused", true);
			case "POST /schedules/new" -> Map.of("name", unique, "action", "drill", "environment", environment, "cron",
					cron, "timeZone", "UTC", "misfirePolicy", "fire-once");
			case "POST /schedules/presets", "POST /health/check", "POST /api/v1/maintenance/checklist/{item}/done",
					"POST /maintenance/{item}/done" ->
				Map.of("environment", environment);
			default -> throw new AssertionError("No body for " + route + ", whose environment is in the body: add "
					+ "one to AccessMatrixIntegrationTests.body");
		};
		return body;
	}

	// ---------------------------------------------------------------------------------------------------------------
	// HTTP: bearer token for the API, a signed-in session (with its CSRF token) for pages

	record Result(int status, String location, String body) {

		boolean redirectsToLogin() {
			return status == 302 && location != null && location.endsWith("/login");
		}

		@Override
		public String toString() {
			return status + ((location != null) ? " -> " + location : "")
					+ (body.isBlank() ? "" : " " + body.substring(0, Math.min(body.length(), 300)));
		}

	}

	static final class Client {

		private final HttpClient http = HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.cookieHandler(new CookieManager(null, CookiePolicy.ACCEPT_ALL))
			.followRedirects(HttpClient.Redirect.NEVER)
			.connectTimeout(Duration.ofSeconds(5))
			.build();

		private final String baseUrl;

		/** Without cookies: what a script without a session sends to the API. */
		private final HttpClient plain = HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.followRedirects(HttpClient.Redirect.NEVER)
			.connectTimeout(Duration.ofSeconds(5))
			.build();

		private final String token;

		private String csrf;

		private Client(int port, String token) {
			this.baseUrl = "http://localhost:" + port;
			this.token = token;
		}

		/** Nobody, with a session that has a CSRF token (so a page POST reaches the sign-in check, not CSRF's). */
		static Client anonymous(int port) {
			Client client = new Client(port, null);
			client.csrf = BrowserSession.csrfInput(client.get("/login").body());
			return client;
		}

		static Client bearer(int port, String token) {
			return new Client(port, token);
		}

		static Client signedIn(int port, String username, String password) {
			Client client = new Client(port, null);
			String csrf = BrowserSession.csrfInput(client.get("/login").body());
			Result login = client.form("POST", "/login",
					Map.of("username", username, "password", password, "_csrf", csrf), "*/*", false);
			assertThat(login.status()).as("sign-in of " + username + ": " + login).isEqualTo(302);
			assertThat(login.location()).as("sign-in of " + username).doesNotContain("error");
			client.csrf = BrowserSession.csrfMeta(client.get("/tokens").body());
			return client;
		}

		Result call(Route route, String path, Map<String, Object> body, boolean anonymous) {
			boolean stream = route.accept().contains("event-stream") || route.params().containsKey("follow");
			if (route.page()) {
				if (route.method().equals("GET")) {
					return send(request(path, route.accept()).GET(), stream);
				}
				Map<String, Object> form = new LinkedHashMap<>(body);
				form.put("_csrf", csrf);
				return form(route.method(), path, form, route.accept(), stream);
			}
			HttpRequest.Builder request = request(path, route.accept());
			boolean session = token == null && !anonymous;
			if (token != null) {
				request.header("Authorization", "Bearer " + token);
			}
			else if (session && !route.method().equals("GET")) {
				request.header("X-CSRF-TOKEN", csrf);
			}
			String json = body.containsKey("unreadable") ? "{" : toJson(body);
			HttpClient client = session ? http : plain;
			HttpRequest.BodyPublisher publisher = route.method().equals("GET") || route.method().equals("DELETE")
					? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json);
			if (publisher.contentLength() > 0) {
				request.header("Content-Type", "application/json");
			}
			return send(request.method(route.method(), publisher), stream, client);
		}

		private Result get(String path) {
			return send(request(path, "*/*").GET(), false);
		}

		private Result form(String method, String path, Map<String, ?> form, String accept, boolean stream) {
			String encoded = form.entrySet()
				.stream()
				.map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
						+ URLEncoder.encode(String.valueOf(e.getValue()), StandardCharsets.UTF_8))
				.collect(Collectors.joining("&"));
			return send(request(path, accept).header("Content-Type", "application/x-www-form-urlencoded")
				.method(method, HttpRequest.BodyPublishers.ofString(encoded)), stream);
		}

		private HttpRequest.Builder request(String path, String accept) {
			return HttpRequest.newBuilder(URI.create(baseUrl + path))
				.timeout(Duration.ofSeconds(30))
				.header("Accept", accept.equals("*/*") ? "text/html,application/json;q=0.9,*/*;q=0.8" : accept);
		}

		private Result send(HttpRequest.Builder builder, boolean stream) {
			return send(builder, stream, http);
		}

		private Result send(HttpRequest.Builder builder, boolean stream, HttpClient client) {
			try {
				HttpResponse<InputStream> response = client.send(builder.build(),
						HttpResponse.BodyHandlers.ofInputStream());
				String body = "";
				try (InputStream in = response.body()) {
					// a live stream (log follow, server-sent events) is judged by its status alone
					if (!stream || response.statusCode() >= 300) {
						body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
					}
				}
				return new Result(response.statusCode(), response.headers().firstValue("Location").orElse(null),
						body);
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
		}

		private static String toJson(Map<String, Object> body) {
			return tools.jackson.databind.json.JsonMapper.shared().writeValueAsString(body);
		}

	}

	// ---------------------------------------------------------------------------------------------------------------
	// docs/access-matrix.md

	private static void writeDocs(List<Route> routes) throws IOException {
		StringBuilder doc = new StringBuilder();
		doc.append("# Access matrix\n\n")
			.append("Generated by `AccessMatrixIntegrationTests` from the application's route list ")
			.append("(`./mvnw -Dtest=AccessMatrixIntegrationTests -Dopsdeck.update-docs=true verify`); do not edit. ")
			.append("How the rules work and how to give a new endpoint one: [security.md](security.md#route-rules-and-")
			.append("the-access-matrix).\n\n")
			.append("Roles are per environment: *role in the environment* means the caller's role where the addressed ")
			.append("thing lives (their base role, raised by a grant there; a scoped token has none outside its ")
			.append("environments). *Base role* rules concern global things. The test calls every route as nobody ")
			.append("(`401` for `/api/**`, the sign-in page for pages), as users who are `VIEWER`s with `OPERATOR` or ")
			.append("`ADMIN` granted in one environment and as a token scoped to it, against things in that environment ")
			.append("and in another: `403` where the role is missing.\n\n")
			.append("| Method | Path | Who may | Environment from |\n|---|---|---|---|\n");
		Map<String, List<Route>> byPath = new TreeMap<>();
		for (Route route : routes) {
			byPath.computeIfAbsent(route.pattern() + " " + route.params() + " " + route.method(),
					key -> new ArrayList<>())
				.add(route);
		}
		for (List<Route> same : byPath.values()) {
			Route route = same.get(0);
			String who;
			String from = "";
			Rule rule = route.rule();
			if (rule instanceof Rule.InEnvironment env) {
				who = "`" + env.role() + "` in the environment";
				from = switch (env.resolver()) {
					case RequiresEnvironmentRole.BODY -> "request body (checked by the service)";
					case RequiresEnvironmentRole.ENVIRONMENT -> "path `{" + env.variable() + "}` (its name)";
					default -> env.resolver() + " `{" + env.variable() + "}`";
				};
			}
			else if (rule instanceof Rule.Global global) {
				who = "`" + global.role() + "` (base role)";
			}
			else if (rule instanceof Rule.InAny any) {
				who = "`" + any.role() + "` in any environment (a form leading to a checked action)";
			}
			else if (rule instanceof Rule.SignedIn) {
				who = "anyone signed in";
			}
			else if (rule instanceof Rule.ChainOnly) {
				who = "anyone signed in (filter chain)";
			}
			else {
				who = "anyone";
			}
			doc.append("| ")
				.append(route.method())
				.append(" | `")
				.append(route.pattern())
				.append(route.params().isEmpty() ? "" : "?" + route.params()
					.entrySet()
					.stream()
					.map(e -> e.getKey() + "=" + e.getValue())
					.collect(Collectors.joining("&")))
				.append("` | ")
				.append(who)
				.append(" | ")
				.append(from)
				.append(" |\n");
		}
		Path directory = DocsOutput.directory("");
		Files.createDirectories(directory);
		Files.writeString(directory.resolve("access-matrix.md"), doc.toString());
	}

}
