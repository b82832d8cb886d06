package io.opsdeck.system;

import java.io.IOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.opsdeck.support.ApiClient;
import io.opsdeck.support.ApiClient.Response;
import io.opsdeck.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Error answers of the whole application: unreadable JSON bodies name the field and the expected type, unknown API
 * paths and methods answer problem JSON while pages keep the HTML error page, NUL characters are refused up front,
 * and page numbers too large to page with are a 400, never a 500.
 */
@IntegrationTest
class ApiErrorsIntegrationTests {

	@LocalServerPort
	int port;

	@Test
	void badUuidInAListNamesTheElement() {
		Response response = admin().post("/api/v1/runs", """
				{"kind":"ssh","command":"uptime","servers":["abc"]}""");

		assertProblem(response, 400, "servers[0]", "must be a UUID");
		assertThat(response.body()).doesNotContain("abc");
	}

	@Test
	void wrongTypeNamesTheFieldAndTheExpectedType() {
		assertProblem(admin().post("/api/v1/runs", """
				{"kind":"ssh","command":"uptime","servers":[],"parallelism":"ten"}"""), 400, "parallelism",
				"must be a whole number");
		assertProblem(admin().post("/api/v1/runs", """
				{"kind":"ssh","command":"uptime","servers":"abc"}"""), 400, "servers", "must be a list");
	}

	@Test
	void parameterOfTheWrongTypeNamesTheRangeItDeclares() {
		assertProblem(admin().get("/api/v1/runs?size=big"), 400, "size", "must be a whole number from 1 to 200");
		for (String list : List.of("/api/v1/tokens", "/api/v1/credentials", "/api/v1/servers", "/api/v1/environments",
				"/api/v1/audit")) {
			// these lists check size in code (Paging.size), not by annotation: the same range all the same
			assertProblem(admin().get(list + "?size=big"), 400, "size", "must be a whole number from 1 to 200");
		}
		String lines = "/api/v1/runs/" + UUID.randomUUID() + "/lines";
		assertProblem(admin().get(lines + "?limit=1.5"), 400, "limit", "must be a whole number from 1 to 5000");
		assertProblem(admin().get(lines + "?after=x"), 400, "after",
				"must be a whole number from 0 to " + Long.MAX_VALUE);
		assertProblem(admin().get(lines + "?limit=0"), 400, "limit", "must be greater than or equal to 1");
	}

	/**
	 * Whole-number parameters whose range was only checked in code answered a word with the range of a Java int
	 * ("from -2147483648 to 2147483647"), which no value in it but a few passes: they now declare their range.
	 */
	@Test
	void parameterOfTheWrongTypeNamesTheRangeCheckedInCode() {
		assertProblem(admin().get("/api/v1/notification-deliveries?limit=many"), 400, "limit",
				"must be a whole number from 1 to 500");
		assertProblem(admin().get("/api/v1/maintenance/checklist/backup-verification/history?limit=many"), 400,
				"limit", "must be a whole number from 1 to 500");
		assertProblem(admin().get("/api/v1/schedules/preview?cron=0+0+2+*+*+%3F&count=many"), 400, "count",
				"must be a whole number from 1 to 50");
		assertProblem(admin().get("/api/v1/servers/" + UUID.randomUUID() + "/logs?container=django&lines=many"),
				400, "lines", "must be a whole number from 1 to 10000");
		assertProblem(admin().get("/api/v1/notification-deliveries?limit=501"), 400, "limit", "less than or equal to 500");
	}

	/**
	 * A timeout too large for a Java int was refused with the int's range ("from 1 to 2147483647"), which the
	 * configured maximum (opsdeck.runs.max-timeout) contradicts: it now gets the same answer as any other value above
	 * that maximum.
	 */
	@Test
	void timeoutTooLargeForAnIntNamesTheConfiguredMaximum() {
		String server = UUID.randomUUID().toString();
		Response aboveMaximum = admin().post("/api/v1/runs", """
				{"kind":"ssh","command":"uptime","servers":["%s"],"timeoutSeconds":2147483647}""".formatted(server));
		assertProblem(aboveMaximum, 400, "timeoutSeconds", "timeoutSeconds must be between 1 and ");
		String expected = field(aboveMaximum, "timeoutSeconds").get("message").asString();

		for (String tooLarge : List.of("99999999999", "123456789012345678901234567890")) {
			Response response = admin().post("/api/v1/runs", """
					{"kind":"ssh","command":"uptime","servers":["%s"],"timeoutSeconds":%s}""".formatted(server,
					tooLarge));
			assertProblem(response, 400, "timeoutSeconds", expected);
			assertThat(response.body()).doesNotContain("2147483647").doesNotContain(tooLarge);
		}
		assertProblem(admin().post("/api/v1/runs", """
				{"kind":"ssh","command":"uptime","servers":["%s"],"timeoutSeconds":-99999999999}""".formatted(server)),
				400, "timeoutSeconds", "must be greater than or equal to 1");

		// read as any whole number, documented as the int it is (a generated client must send a number)
		JsonNode schema = admin().get("/v3/api-docs")
			.json()
			.path("components")
			.path("schemas")
			.path("StartRunRequest")
			.path("properties")
			.path("timeoutSeconds");
		assertThat(schema.path("type").asString()).as(schema.toString()).isEqualTo("integer");
	}

	/**
	 * Numbers and booleans sent as JSON strings were coerced: {@code "timeoutSeconds":"10"} became 10, {@code
	 * "check":"false"} false and {@code "check":""} null (no --check). Each is now refused naming the field, before
	 * anything else about the run is looked at (the environment here does not exist: without the refusal the answer
	 * named the environment).
	 */
	@Test
	void numbersAndBooleansMustBeSentAsSuch() {
		String launch = """
				{"kind":"ansible","playbook":"health-check.yml","environment":"no-such-environment",%s}""";
		assertProblem(admin().post("/api/v1/runs", launch.formatted("\"timeoutSeconds\":\"10\"")), 400,
				"timeoutSeconds", "must be a whole number");
		assertProblem(admin().post("/api/v1/runs", launch.formatted("\"timeoutSeconds\":\"\"")), 400,
				"timeoutSeconds", "must be a whole number");
		assertProblem(admin().post("/api/v1/runs", launch.formatted("\"forks\":\"5\"")), 400, "forks",
				"must be a whole number from 1 to 100");
		for (String check : List.of("\"false\"", "\"true\"", "\"\"", "0", "1")) {
			assertProblem(admin().post("/api/v1/runs", launch.formatted("\"check\":" + check)), 400, "check",
					"must be true or false");
		}
		assertProblem(admin().post("/api/v1/tokens", """
				{"name":"ci","role":"VIEWER","expiresInDays":"90"}"""), 400, "expiresInDays",
				"must be a whole number from 1 to 3650");

		// the JSON types themselves still pass to the next check
		assertProblem(admin().post("/api/v1/runs", launch.formatted("\"timeoutSeconds\":10,\"check\":false")), 400,
				"environment", "does not exist");
	}

	/** A schedule's recovery window that is no number named the range of an int; the rule is 1 to 1440 minutes. */
	@Test
	void aBodyFieldCheckedInCodeNamesItsRangeToo() {
		assertProblem(admin().post("/api/v1/schedules", """
				{"name":"window","recoveryPolicy":"rerun","recoveryWindowMinutes":"60m"}"""), 400,
				"recoveryWindowMinutes", "must be a whole number from 1 to 1440");
	}

	/**
	 * {@code "region": ""} listed "must not be blank" and the pattern's message for the one mistake; errors came in
	 * the random order of a hash set.
	 */
	@Test
	void aBlankFieldIsOneErrorAndErrorsComeInTheBodysOrder() {
		Response response = admin().post("/api/v1/environments", """
				{"name":"","kind":"staging","cloudProvider":"aws","region":""}""");

		assertThat(response.status()).as(response.toString()).isEqualTo(400);
		List<String> fields = new java.util.ArrayList<>();
		response.json().path("errors").forEach((error) -> fields.add(error.get("field").asString()));
		assertThat(fields).containsExactly("name", "region");
		assertThat(field(response, "region").get("message").asString()).isEqualTo("must not be blank");

		Response wrong = admin().post("/api/v1/environments", """
				{"name":"Bad Name","kind":"staging","cloudProvider":"aws","region":"Not A Region"}""");
		assertProblem(wrong, 400, "region", "must be 1-32 lowercase letters");
		assertProblem(wrong, 400, "name", "use lowercase letters");
	}

	@Test
	void unknownEnumValueListsTheAllowedOnes() {
		Response response = admin().post("/api/v1/tokens", """
				{"name":"ci","role":"GOD"}""");

		assertProblem(response, 400, "role", "must be one of");
		assertThat(field(response, "role").get("message").asString()).contains("VIEWER", "OPERATOR", "ADMIN");
	}

	/** {@code "role": 2} and {@code "role": "2"} created an ADMIN token: the constant's index was accepted. */
	@Test
	void anEnumIsNeverReadFromItsIndex() {
		String name = "by-index-" + UUID.randomUUID();
		for (String role : List.of("0", "2", "\"2\"")) {
			Response response = admin().post("/api/v1/tokens",
					"{\"name\":\"" + name + "\",\"role\":" + role + "}");
			assertProblem(response, 400, "role", "must be one of VIEWER, OPERATOR, ADMIN");
		}
		assertThat(admin().get("/api/v1/tokens?size=200").body()).doesNotContain(name);
	}

	@Test
	void largeWrongValueIsNotEchoed() {
		String huge = "x".repeat(100_000);
		Response response = admin().post("/api/v1/runs", "{\"kind\":\"ssh\",\"parallelism\":\"" + huge + "\"}");

		// a string is no number, however long (strings are no longer parsed as numbers)
		assertProblem(response, 400, "parallelism", "must be a whole number from 1 to 100");
		assertThat(response.body()).hasSizeLessThan(1000).doesNotContain("xxxxxxxxxx");

		Response hugeNumber = admin().post("/api/v1/runs",
				"{\"kind\":\"ssh\",\"parallelism\":" + "9".repeat(100_000) + "}");
		// refused by the tokenizer, before the number is bound to a field; named after it all the same
		// (ConstraintPathModule; it said "body" before)
		assertProblem(hugeNumber, 400, "parallelism", "is too long: a number has at most 1000 digits");
		assertThat(hugeNumber.body()).hasSizeLessThan(1000).doesNotContain("9999999999");
	}

	/**
	 * {@code {"kind":"ssh",…,"playbook":"health-check.yml"}} was accepted and the playbook silently ignored (and so
	 * were {@code extraVars}, {@code check}, … on an SSH run, {@code command} on an Ansible one): the caller believed
	 * something ran that did not. A field of the other kind is refused, named, and nothing is started.
	 */
	@Test
	void aFieldOfTheOtherKindIsRefusedNamingIt() {
		String server = UUID.randomUUID().toString();
		String ssh = "{\"kind\":\"ssh\",\"command\":\"uptime\",\"servers\":[\"" + server + "\"],%s}";
		for (String field : List.of("\"playbook\":\"health-check.yml\"", "\"environment\":\"staging\"",
				"\"extraVars\":{\"a\":1}", "\"secretExtraVars\":{\"a\":\"b\"}", "\"tags\":[\"x\"]",
				"\"limit\":\"web-1\"", "\"check\":true", "\"forks\":5")) {
			String name = field.substring(1, field.indexOf('"', 1));
			assertProblem(admin().post("/api/v1/runs", ssh.formatted(field)), 400, name, "only to ansible runs");
		}
		String ansible = "{\"kind\":\"ansible\",\"playbook\":\"health-check.yml\",\"environment\":\"no-such-environment\",%s}";
		for (String field : List.of("\"command\":\"rm -rf /tmp/x\"", "\"servers\":[\"" + server + "\"]",
				"\"parallelism\":2")) {
			String name = field.substring(1, field.indexOf('"', 1));
			assertProblem(admin().post("/api/v1/runs", ansible.formatted(field)), 400, name, "only to ssh runs");
		}
		// null is absence, as for every optional field; timeoutSeconds applies to both kinds
		assertProblem(admin().post("/api/v1/runs", ssh.formatted("\"playbook\":null,\"timeoutSeconds\":60")), 400,
				"servers", "not found");
		assertProblem(admin().post("/api/v1/runs", ansible.formatted("\"command\":null,\"timeoutSeconds\":60")), 400,
				"environment", "does not exist");
	}

	/** {@code {"check":true,...,"check":false}} ran without --check: the last of a duplicated property won. */
	@Test
	void aPropertyGivenTwiceIsRefused() {
		Response response = admin().post("/api/v1/runs", """
				{"kind":"ansible","playbook":"health-check.yml","environment":"no-such-environment","check":true,
				 "check":false}""");

		assertProblem(response, 400, "check", "is given more than once");
		assertProblem(admin().post("/api/v1/tokens", """
				{"name":"twice","role":"VIEWER","role":"ADMIN"}"""), 400, "role", "is given more than once");
	}

	@Test
	void brokenJsonSaysWhere() {
		Response response = admin().post("/api/v1/tokens", "{\"name\":");

		assertThat(response.status()).isEqualTo(400);
		assertThat(response.json().get("detail").asString()).startsWith("Request body is not valid JSON (line 1");
	}

	@Test
	void unknownApiPathIsAProblem() {
		Response response = admin().get("/api/v1/no-such-thing");

		assertThat(response.status()).isEqualTo(404);
		assertThat(response.header("Content-Type")).startsWith("application/problem+json");
		assertThat(response.json().get("status").asInt()).isEqualTo(404);
		assertThat(response.json().get("title").asString()).isEqualTo("Not Found");
	}

	/**
	 * An encoded slash in a name ({@code a%2Fb}) got Tomcat's bare HTML 400 page; it is now refused by Spring
	 * Security's firewall, as a problem under /api/ (and never decoded into a path separator).
	 */
	@ParameterizedTest
	@ValueSource(strings = { "/api/v1/environments/a%2Fb", "/api/v1/users/a%2fb/grants",
			"/api/v1/environments/demo%2F..%2Fx", "/api/v1/runs;jsessionid=x" })
	void aRefusedUrlIsAProblem(String path) {
		Response response = admin().get(path);

		assertThat(response.status()).as(response.toString()).isEqualTo(400);
		assertThat(response.header("Content-Type")).startsWith("application/problem+json");
		assertThat(response.json().get("detail").asString()).contains("encoded slash (%2F)");
		assertThat(response.body()).doesNotContain("a%2Fb").doesNotContain("Tomcat");
	}

	@Test
	void aPageWithAnEncodedSlashGetsTheHtmlErrorPage() throws Exception {
		HttpResponse<String> response = signedInBrowser().send(page("/environments/a%2Fb").GET().build(),
				HttpResponse.BodyHandlers.ofString());

		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
				(type) -> assertThat(type).startsWith("text/html"));
		assertThat(response.body()).as("not Tomcat's bare page").doesNotContain("<h1>HTTP Status 400");
	}

	/** Last round's report of a 405 for a malformed id did not reproduce; this keeps it so. */
	@ParameterizedTest
	@ValueSource(strings = { "/api/v1/servers/not-a-uuid", "/api/v1/runs/not-a-uuid", "/api/v1/schedules/not-a-uuid",
			"/api/v1/credentials/not-a-uuid", "/api/v1/servers/not-a-uuid/host-key" })
	void aMalformedIdInAPathIsA400NamingIt(String path) {
		assertProblem(admin().get(path), 400, "id", "must be a UUID");
	}

	@Test
	void wrongMethodIsAProblemWithAllow() {
		Response response = admin().delete("/api/v1/runs");

		assertThat(response.status()).isEqualTo(405);
		assertThat(response.header("Content-Type")).startsWith("application/problem+json");
		assertThat(response.json().get("status").asInt()).isEqualTo(405);
		assertThat(response.header("Allow")).contains("GET").contains("POST");
	}

	@Test
	void pagesKeepTheHtmlErrorPageAndShowAPageForAnyNumber() throws Exception {
		HttpClient browser = signedInBrowser();

		HttpResponse<String> missing = browser.send(page("/no-such-page").GET().build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(missing.statusCode()).isEqualTo(404);
		assertThat(missing.headers().firstValue("Content-Type")).hasValueSatisfying(
				(type) -> assertThat(type).startsWith("text/html"));

		for (String list : new String[] { "/runs", "/environments", "/servers", "/credentials" }) {
			HttpResponse<String> hugePage = browser.send(page(list + "?page=2147483647").GET().build(),
					HttpResponse.BodyHandlers.ofString());
			assertThat(hugePage.statusCode()).as(list + ": the highest page, not an error").isEqualTo(200);
		}

		HttpResponse<String> nul = browser.send(page("/servers?environment=a%00b").GET().build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(nul.statusCode()).isEqualTo(400);
		assertThat(nul.body()).as("the error page names the field, not 'Something went wrong'")
			.contains("The field &#39;environment&#39; contains a NUL character")
			.doesNotContain("Something went wrong");
	}

	@ParameterizedTest
	@ValueSource(strings = { "/api/v1/servers?environment=a%00b", "/api/v1/runs?environment=a%00b",
			"/api/v1/runs?status=RUNNING&a%00=1" })
	void nulInAParameterIsRefusedUpFront(String path) {
		Response response = admin().get(path);

		assertThat(response.status()).isEqualTo(400);
		assertThat(response.header("Content-Type")).startsWith("application/problem+json");
		JsonNode error = response.json().get("errors").get(0);
		assertThat(error.get("field").asString()).isIn("environment", "a\\u0000");
		assertThat(error.get("message").asString()).contains("NUL");
	}

	@Test
	void nulInAJsonStringNamesTheField() {
		assertProblem(admin().post("/api/v1/environments", """
				{"name":"a\\u0000b","kind":"staging","cloudProvider":"aws","region":"x"}"""), 400, "name", "NUL");
		assertProblem(admin().post("/api/v1/runs", """
				{"kind":"ansible","playbook":"ping.yml","environment":"demo","extraVars":{"a":"b\\u0000"}}"""), 400,
				"extraVars.a", "NUL");
		assertProblem(admin().post("/api/v1/runs", """
				{"kind":"ansible","playbook":"ping.yml","environment":"demo","extraVars":{"a":{"b\\u0000":1}}}"""),
				400, "extraVars.a", "NUL");
		assertProblem(admin().post("/api/v1/runs", """
				{"kind":"ansible","playbook":"ping.yml","environment":"demo","tags":["ok","x\\u0000"]}"""), 400,
				"tags[1]", "NUL");
	}

	@Test
	void anUnpairedSurrogateInAJsonStringNamesTheFieldInsteadOfBecomingAQuestionMark() {
		// JSON lets a string escape half of a surrogate pair; it is no Unicode text, and PostgreSQL and the SSH
		// channel (UTF-8) turned it into '?', a shell wildcard: {"command":"rm /tmp/x\ud800"} ran `rm /tmp/x?`
		assertProblem(admin().post("/api/v1/runs", """
				{"kind":"ssh","command":"rm /tmp/x\\ud800","servers":["%s"]}""".formatted(UUID.randomUUID())), 400,
				"command", "surrogate");
		assertProblem(admin().post("/api/v1/runs", """
				{"kind":"ansible","playbook":"ping.yml","environment":"demo","extraVars":{"a":"b\\udc00"}}"""), 400,
				"extraVars.a", "surrogate");
		// in a key, Jackson's own parser refuses it (a 400 naming the line and column)
		Response key = admin().post("/api/v1/runs", """
				{"kind":"ansible","playbook":"ping.yml","environment":"demo","extraVars":{"a\\ud83d":1}}""");
		assertThat(key.status()).as(key.toString()).isEqualTo(400);
		assertThat(key.header("Content-Type")).startsWith("application/problem+json");
		String name = "sur-" + UUID.randomUUID().toString().substring(0, 8);
		assertProblem(admin().post("/api/v1/environments", """
				{"name":"%s","kind":"staging","cloudProvider":"aws","region":"x","description":"\\udc00\\ud83d"}"""
			.formatted(name)), 400, "description", "surrogate");
		// a pair is one character (U+1F600) and is kept
		Response paired = admin().post("/api/v1/environments", """
				{"name":"%s","kind":"staging","cloudProvider":"aws","region":"x","description":"ok \\ud83d\\ude00"}"""
			.formatted(name));
		assertThat(paired.status()).as(paired.toString()).isEqualTo(201);
		assertThat(paired.json().get("description").asString()).isEqualTo("ok \uD83D\uDE00");
		admin().delete("/api/v1/environments/" + name);
	}

	@ParameterizedTest
	@ValueSource(strings = { "/api/v1/runs", "/api/v1/environments", "/api/v1/servers", "/api/v1/credentials",
			"/api/v1/tokens" })
	void hugePageNumbersAreA400NeverA500(String list) {
		assertProblem(admin().get(list + "?page=2147483647&size=200"), 400, "page", "must be between 0 and 1000000");
		Response hugeBoth = admin().get(list + "?page=2147483647&size=2147483647");
		assertThat(hugeBoth.status()).as(hugeBoth.toString()).isEqualTo(400);
		assertProblem(admin().get(list + "?page=99999999999"), 400, "page", "must be between 0 and 1000000");
		assertProblem(admin().get(list + "?page=ten"), 400, "page", "must be a whole number from 0 to 1000000");

		Response highest = admin().get(list + "?page=1000000&size=200");
		assertThat(highest.status()).as(highest.toString()).isEqualTo(200);
		assertThat(highest.json().get("items")).isEmpty();
	}

	private ApiClient admin() {
		return new ApiClient(port, IntegrationTest.ADMIN_TOKEN);
	}

	private static void assertProblem(Response response, int status, String field, String message) {
		assertThat(response.status()).as(response.toString()).isEqualTo(status);
		assertThat(response.header("Content-Type")).startsWith("application/problem+json");
		assertThat(field(response, field)).as(response.toString()).isNotNull();
		assertThat(field(response, field).get("message").asString()).contains(message);
	}

	private static JsonNode field(Response response, String name) {
		for (JsonNode error : response.json().path("errors")) {
			if (name.equals(error.get("field").asString())) {
				return error;
			}
		}
		return null;
	}

	private HttpRequest.Builder page(String path) {
		return HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).header("Accept", "text/html");
	}

	private HttpClient signedInBrowser() throws IOException, InterruptedException {
		HttpClient browser = HttpClient.newBuilder()
			.cookieHandler(new CookieManager(null, CookiePolicy.ACCEPT_ALL))
			.followRedirects(HttpClient.Redirect.NEVER)
			.build();
		String login = browser.send(page("/login").GET().build(), HttpResponse.BodyHandlers.ofString()).body();
		Matcher csrf = Pattern.compile("name=\"_csrf\"\\s+value=\"([^\"]+)\"").matcher(login);
		assertThat(csrf.find()).isTrue();
		String form = "username=admin&password=" + URLEncoder.encode(IntegrationTest.ADMIN_PASSWORD,
				StandardCharsets.UTF_8) + "&_csrf=" + URLEncoder.encode(csrf.group(1), StandardCharsets.UTF_8);
		HttpResponse<String> signedIn = browser.send(page("/login")
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(form))
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(signedIn.statusCode()).isEqualTo(302);
		assertThat(signedIn.headers().firstValue("Location")).hasValueSatisfying(
				(location) -> assertThat(location).doesNotContain("error"));
		return browser;
	}

}
