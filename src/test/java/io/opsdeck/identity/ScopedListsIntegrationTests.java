package io.opsdeck.identity;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

import io.opsdeck.support.ApiClient;
import io.opsdeck.support.ApiClient.Response;
import io.opsdeck.support.IntegrationTest;
import io.opsdeck.support.SshKeygen;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Lists of environment-specific things for a token scoped to one environment (docs/security.md, "Scoped tokens";
 * {@link EnvironmentAccess#listScope}): two environments with a server, schedule, drill and approval each; the
 * scoped token sees only its own (also in totals and page counts), an explicit other environment is a {@code 403}
 * problem, and an unscoped token and a signed-in user still see both.
 */
@IntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ScopedListsIntegrationTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final String PASSWORD = "a-long-enough-password";

	private final String suffix = UUID.randomUUID().toString().substring(0, 6);

	private final String own = "sl-own-" + suffix;

	private final String other = "sl-other-" + suffix;

	@LocalServerPort
	int port;

	@Autowired
	JdbcTemplate jdbc;

	private ApiClient scoped;

	private BrowserSession session;

	/** Every API list of environment-specific things, with where each item names its environment. */
	enum Listing {

		RUNS("/api/v1/runs", true, page -> environments(page.get("items"), "environment")),
		SERVERS("/api/v1/servers", true, page -> environments(page.get("items"), "environment")),
		ENVIRONMENTS("/api/v1/environments", true, page -> environments(page.get("items"), "name")),
		SCHEDULES("/api/v1/schedules", false, list -> environments(list, "environment")),
		DRILLS("/api/v1/drills", true, page -> environments(page.get("items"), "environment")),
		HEALTH("/api/v1/health", false, grid -> environments(grid.get("servers"), "environment")),
		APPROVALS("/api/v1/approvals", false, list -> environments(list, "environment")),
		// per-environment entries, and the environments the checklist covers; team-wide entries have none
		MAINTENANCE("/api/v1/maintenance/checklist", false, checklist -> {
			List<String> found = new ArrayList<>(environments(checklist.get("environments"), null));
			checklist.get("items")
				.valueStream()
				.forEach(item -> found.addAll(environments(item.get("entries"), "environment")));
			return found;
		});

		final String path;

		final boolean paged;

		final Function<JsonNode, List<String>> environmentsOf;

		Listing(String path, boolean paged, Function<JsonNode, List<String>> environmentsOf) {
			this.path = path;
			this.paged = paged;
			this.environmentsOf = environmentsOf;
		}

		/** @return each element's environment ({@code field}, or the element itself), {@code null} for none */
		private static List<String> environments(JsonNode array, String field) {
			List<String> found = new ArrayList<>();
			array.valueStream().forEach(node -> {
				JsonNode value = (field == null) ? node : node.get(field);
				found.add((value == null || value.isNull()) ? null : value.asString());
			});
			return found;
		}

	}

	@BeforeAll
	void createFixtures(@TempDir Path keys) {
		ApiClient admin = admin();
		SshKeygen.Key key = SshKeygen.generate(keys, "scoped", "ed25519", 0, null, "");
		Response credential = admin.post("/api/v1/credentials",
				Map.of("name", "sl-key-" + suffix, "type", "ssh-key", "privateKey", key.text()));
		assertThat(credential.status()).as(credential.toString()).isEqualTo(201);
		for (String environment : List.of(own, other)) {
			EnvironmentFixture.create(admin, jdbc, environment, credential.json().path("id").asString(), "scoped");
		}
		Response token = admin.post("/api/v1/tokens",
				Map.of("name", "sl-scoped-" + suffix, "role", "VIEWER", "environments", List.of(own)));
		assertThat(token.status()).as(token.toString()).isEqualTo(201);
		scoped = admin.withToken(token.json().get("token").asString());
		String viewer = "sl-viewer-" + suffix;
		Response user = admin.post("/api/v1/users", Map.of("username", viewer, "password", PASSWORD, "role", "VIEWER"));
		assertThat(user.status()).as(user.toString()).isEqualTo(201);
		session = new BrowserSession(port);
		assertThat(session.login(viewer, PASSWORD).headers().firstValue("Location"))
			.hasValueSatisfying(l -> assertThat(l).doesNotContain("/login"));
	}

	@ParameterizedTest
	@EnumSource(Listing.class)
	void aScopedTokenSeesOnlyItsEnvironmentsAlsoInTotals(Listing listing) {
		List<String> seen = readAll(scoped::get, listing, "");
		assertThat(seen).as("own things are listed").contains(own);
		assertThat(new HashSet<>(seen)).as("nothing of another environment (null: team-wide)")
			.isSubsetOf(nullOr(own));
		if (listing.paged) {
			// one item a page: the totals count only what the token may see
			JsonNode first = ok(scoped.get(listing.path + "?size=1"));
			long visible = seen.stream().filter(own::equals).count();
			assertThat(first.get("totalItems").asLong()).isEqualTo(visible);
			assertThat(first.get("totalPages").asLong()).isEqualTo(visible);
		}
	}

	@ParameterizedTest
	@EnumSource(value = Listing.class, names = "ENVIRONMENTS", mode = EnumSource.Mode.EXCLUDE)
	void anExplicitEnvironmentOutsideTheScopeIsA403(Listing listing) {
		Response outside = scoped.get(listing.path + "?environment=" + other);
		assertThat(outside.status()).as(outside.toString()).isEqualTo(403);
		assertThat(outside.header("Content-Type")).startsWith("application/problem+json");
		assertThat(outside.body()).doesNotContain(other + "-web");
		assertThat(new HashSet<>(readAll(scoped::get, listing, "environment=" + own))).isSubsetOf(nullOr(own));
	}

	@ParameterizedTest
	@EnumSource(Listing.class)
	void unscopedTokensAndSignedInUsersStillSeeEveryEnvironment(Listing listing) {
		assertThat(readAll(admin()::get, listing, "")).as("unscoped token").contains(own, other);
		assertThat(readAll(this::sessionGet, listing, "")).as("signed-in VIEWER").contains(own, other);
	}

	@Test
	void aPerEnvironmentChecklistHistoryOutsideTheScopeIsA403() {
		String history = "/api/v1/maintenance/checklist/review-logs/history?environment=";
		Response outside = scoped.get(history + other);
		assertThat(outside.status()).as(outside.toString()).isEqualTo(403);
		assertThat(scoped.get(history + own).status()).isEqualTo(200);
		assertThat(admin().get(history + other).status()).isEqualTo(200);
	}

	@Test
	void thePrometheusScrapeCoversEveryEnvironmentSoAScopedTokenMayNotReadIt() {
		Response refused = scoped.get("/actuator/prometheus");
		assertThat(refused.status()).as(refused.toString()).isEqualTo(403);
		assertThat(refused.body()).doesNotContain(other);
		assertThat(admin().get("/actuator/prometheus").status()).isEqualTo(200);
		assertThat(new ApiClient(port, null).get("/actuator/prometheus").status()).isEqualTo(401);
	}

	/** Every page of a paged list (200 a page), or the whole list; each item's environment. */
	private static List<String> readAll(Function<String, Response> get, Listing listing, String query) {
		String path = listing.path + (query.isEmpty() ? "?" : "?" + query + "&");
		if (!listing.paged) {
			return listing.environmentsOf.apply(ok(get.apply(path)));
		}
		List<String> found = new ArrayList<>();
		int pages = 1;
		for (int page = 0; page < pages; page++) {
			JsonNode body = ok(get.apply(path + "size=200&page=" + page));
			pages = body.get("totalPages").asInt();
			found.addAll(listing.environmentsOf.apply(body));
		}
		return found;
	}

	private Response sessionGet(String path) {
		HttpResponse<String> response = session.get(path);
		return new Response(response);
	}

	private static JsonNode ok(Response response) {
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		return response.json();
	}

	private static Set<String> nullOr(String environment) {
		Set<String> allowed = new HashSet<>();
		allowed.add(null);
		allowed.add(environment);
		return allowed;
	}

	private ApiClient admin() {
		return new ApiClient(port, IntegrationTest.ADMIN_TOKEN);
	}

}
