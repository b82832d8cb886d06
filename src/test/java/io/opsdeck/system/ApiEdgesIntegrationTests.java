package io.opsdeck.system;

import java.net.http.HttpRequest;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import io.opsdeck.support.ApiClient;
import io.opsdeck.support.ApiClient.Response;
import io.opsdeck.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The API's edges left open by the ninth round (docs/benchmarks.md, "The REST API's handling of bad input"): what a
 * success is labelled, YAML, misspelt query parameters, two credentials, and bodies that are not UTF-8. Each test
 * sends what a client sent in that round, against the real application.
 */
@IntegrationTest
class ApiEdgesIntegrationTests {

	@LocalServerPort
	int port;

	/** {@code Accept: application/problem+json} alone labelled a successful list as a problem; now 406. */
	@Test
	void aSuccessIsNeverLabelledAProblem() {
		Response onlyProblems = admin().send(admin().request("/api/v1/runs?size=1")
			.header("Accept", "application/problem+json"));
		assertThat(onlyProblems.status()).as(onlyProblems.toString()).isEqualTo(406);
		assertThat(onlyProblems.header("Content-Type")).startsWith("application/problem+json");
		assertThat(onlyProblems.json().path("status").asInt()).isEqualTo(406);

		for (String accept : new String[] { "application/problem+json, application/json",
				"application/json, application/problem+json", "application/problem+json, */*;q=0.1" }) {
			Response both = admin().send(admin().request("/api/v1/runs?size=1").header("Accept", accept));
			assertThat(both.status()).as(accept + " " + both).isEqualTo(200);
			assertThat(both.header("Content-Type")).as(accept).startsWith("application/json");
			assertThat(both.json().path("items").isArray()).isTrue();
		}

		// an error still comes as a problem to a client that takes only problems
		Response missing = admin().send(admin().request("/api/v1/runs/" + java.util.UUID.randomUUID())
			.header("Accept", "application/problem+json"));
		assertThat(missing.status()).isEqualTo(404);
		assertThat(missing.header("Content-Type")).startsWith("application/problem+json");
	}

	/** YAML was served to {@code Accept: application/yaml}; the API and its OpenAPI document speak JSON only. */
	@Test
	void yamlIsNotOfferedAndTheOpenApiDocumentSaysJson() {
		for (String accept : new String[] { "application/yaml", "application/x-yaml", "application/cbor" }) {
			Response response = admin().send(admin().request("/api/v1/runs?size=1").header("Accept", accept));
			assertThat(response.status()).as(accept + " " + response).isEqualTo(406);
			assertThat(response.header("Content-Type")).startsWith("application/problem+json");
		}
		JsonNode list = admin().get("/v3/api-docs").json().path("paths").path("/api/v1/runs").path("get");
		JsonNode content = list.path("responses").path("200").path("content");
		assertThat(content.has("application/json")).as(content.toString()).isTrue();
		assertThat(content.size()).as(content.toString()).isEqualTo(1);
	}

	/** A misspelt filter ({@code stauts}) answered every run; now a 400 naming it and what the endpoint takes. */
	@Test
	void anUnknownQueryParameterIsRefusedNamingIt() {
		Response typo = admin().get("/api/v1/runs?stauts=FAILED&size=5");
		assertThat(typo.status()).as(typo.toString()).isEqualTo(400);
		assertThat(typo.header("Content-Type")).startsWith("application/problem+json");
		assertThat(typo.json().path("detail").asString()).isEqualTo("Unknown query parameter: stauts");
		JsonNode error = typo.json().path("errors").get(0);
		assertThat(error.path("field").asString()).isEqualTo("stauts");
		assertThat(error.path("message").asString()).contains("is not a parameter of this endpoint")
			.contains("status").contains("size").contains("page");

		Response two = admin().get("/api/v1/runs?bogus=1&sise=10&bogus=2");
		assertThat(two.json().path("errors")).extracting((e) -> e.path("field").asString())
			.containsExactly("bogus", "sise");
		Response none = admin().delete("/api/v1/tokens/" + java.util.UUID.randomUUID() + "?force=true");
		assertThat(none.status()).as(none.toString()).isEqualTo(400);
		assertThat(none.json().path("errors").get(0).path("message").asString())
			.contains("takes no query parameters");

		// documented ones still work; an endpoint's own names too; springdoc and actuator are not checked
		assertThat(admin().get("/api/v1/runs?status=FAILED&page=0&size=5").status()).isEqualTo(200);
		assertThat(admin().get("/api/v1/schedules/preview?cron=0+0+2+*+*+%3F&timeZone=UTC&count=2").status())
			.isEqualTo(200);
		assertThat(admin().get("/v3/api-docs?group=x&anything=1").status()).isNotEqualTo(400);
		assertThat(admin().get("/actuator/health?anything=1").status()).isNotEqualTo(400);
	}

	/** With two Authorization headers the first one acted; now the request is refused before authentication. */
	@Test
	void twoAuthorizationHeadersAreRefused() {
		Response response = admin().send(admin().request("/api/v1/me").header("Authorization", "Bearer bogus"));
		assertThat(response.status()).as(response.toString()).isEqualTo(400);
		assertThat(response.header("Content-Type")).startsWith("application/problem+json");
		assertThat(response.json().path("detail").asString()).contains("more than one Authorization header");
		assertThat(response.json().path("errors").get(0).path("field").asString()).isEqualTo("Authorization");
		assertThat(response.body()).doesNotContain("bogus").doesNotContain(IntegrationTest.ADMIN_TOKEN);
		assertThat(admin().get("/api/v1/me").status()).isEqualTo(200);
	}

	/** UTF-16 and UTF-32 bodies were accepted (Jackson detects them); RFC 8259 asks for UTF-8. */
	@Test
	void aBodyInUtf16OrUtf32IsRefusedAndCreatesNothing() {
		String body = "{\"name\":\"edges-utf16\",\"role\":\"VIEWER\"}";
		for (String charset : new String[] { "UTF-16", "UTF-16LE", "UTF-16BE", "UTF-32", "UTF-32LE" }) {
			byte[] bytes = body.getBytes(Charset.forName(charset));
			Response response = admin().send(admin().request("/api/v1/tokens")
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofByteArray(bytes)));
			assertThat(response.status()).as(charset + " " + response).isEqualTo(400);
			assertThat(response.header("Content-Type")).startsWith("application/problem+json");
			assertThat(response.json().path("detail").asString()).startsWith("Request body is not UTF-8")
				.contains("RFC 8259");
		}
		Response declared = admin().send(admin().request("/api/v1/tokens")
			.header("Content-Type", "application/json; charset=UTF-16")
			.POST(HttpRequest.BodyPublishers.ofByteArray(body.getBytes(StandardCharsets.UTF_16))));
		assertThat(declared.status()).as(declared.toString()).isEqualTo(400);
		assertThat(admin().get("/api/v1/tokens").body()).doesNotContain("edges-utf16");

		// UTF-8, with or without its byte-order mark or a charset parameter, as before
		Response utf8 = admin().send(admin().request("/api/v1/tokens")
			.header("Content-Type", "application/json; charset=UTF-8")
			.POST(HttpRequest.BodyPublishers.ofString("\uFEFF{\"name\":\"edges-utf8\",\"role\":\"VIEWER\"}",
					StandardCharsets.UTF_8)));
		assertThat(utf8.status()).as(utf8.toString()).isEqualTo(201);
		assertThat(admin().post("/api/v1/tokens", Map.of("name", "edges-plain", "role", "VIEWER")).status())
			.isEqualTo(201);
	}

	/** A 100,000-digit number was blamed on {@code body}; now on its field, also inside an object or a list. */
	@Test
	void aNumberTooLongForTheParserNamesItsField() {
		String digits = "9".repeat(100_000);
		Response top = admin().post("/api/v1/tokens", "{\"name\":\"edges-long\",\"expiresInDays\":" + digits + "}");
		assertThat(top.status()).as(top.toString()).isEqualTo(400);
		JsonNode error = top.json().path("errors").get(0);
		assertThat(error.path("field").asString()).isEqualTo("expiresInDays");
		assertThat(error.path("message").asString()).isEqualTo("is too long: a number has at most 1000 digits");
		assertThat(top.body()).doesNotContain("99999999");

		Response nested = admin().post("/api/v1/runs", "{\"kind\":\"ansible\",\"playbook\":\"ping.yml\","
				+ "\"environment\":\"demo\",\"extraVars\":{\"list\":[1," + digits + "]}}");
		assertThat(nested.status()).as(nested.toString()).isEqualTo(400);
		// inside a map of ours Jackson names the map's key; the list index is not known to it
		assertThat(nested.json().path("errors").get(0).path("field").asString()).isEqualTo("extraVars.list");
		Response inList = admin().post("/api/v1/runs", "{\"kind\":\"ssh\",\"command\":\"uptime\","
				+ "\"servers\":[],\"parallelism\":" + digits + "}");
		assertThat(inList.json().path("errors").get(0).path("field").asString()).isEqualTo("parallelism");

		// nesting too deep is the whole body's fault, as before
		Response deep = admin().post("/api/v1/tokens", "[".repeat(2_000) + "]".repeat(2_000));
		assertThat(deep.status()).isEqualTo(400);
	}

	private ApiClient admin() {
		return new ApiClient(port, IntegrationTest.ADMIN_TOKEN);
	}

}
