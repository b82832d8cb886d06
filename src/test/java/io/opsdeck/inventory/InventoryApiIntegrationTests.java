package io.opsdeck.inventory;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import io.opsdeck.credentials.CredentialSummary;
import io.opsdeck.credentials.internal.CredentialService;
import io.opsdeck.credentials.internal.NewCredential;
import io.opsdeck.support.ApiClient;
import io.opsdeck.support.IntegrationTest;
import io.opsdeck.support.LostUpdates;
import io.opsdeck.support.SshKeygen;
import io.opsdeck.support.WebClients;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.test.context.support.WithMockUser;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.web.context.WebApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;

/**
 * The environments, servers and credentials API on the real application and database: contracts, validation,
 * CRUD and the foreign-key-backed 409s. Authorization rules are covered by the controller slice tests.
 */
@IntegrationTest
@WithMockUser(username = "admin", roles = "ADMIN")
class InventoryApiIntegrationTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final String FINGERPRINT = "SHA256:" + "A".repeat(43);

	@Autowired
	WebApplicationContext context;

	@Autowired
	CredentialService credentials;

	@Autowired
	JdbcTemplate jdbc;

	@TempDir
	Path directory;

	@LocalServerPort
	int port;

	MockMvc mvc;

	String environment;

	UUID credentialId;

	@BeforeEach
	void setUp() throws Exception {
		this.mvc = WebClients.mockMvc(this.context);
		this.environment = unique("env");
		call(post("/api/v1/environments"), Map.of("name", this.environment, "kind", "staging", "cloudProvider", "aws",
				"region", "us-east-1"), 201);
		SshKeygen.Key key = SshKeygen.generate(this.directory, "key", "ed25519", 0, null, "");
		this.credentialId = this.credentials.create(new NewCredential(unique("key"), key.text(), null), "test").id();
	}

	@Test
	void environmentContract() throws Exception {
		String name = unique("staging");
		MvcResult created = this.mvc
			.perform(post("/api/v1/environments").with(csrf())
				.contentType(MediaType.APPLICATION_JSON)
				.content("{\"name\":\"" + name + "\",\"kind\":\"staging\",\"cloudProvider\":\"aws\",\"region\":\"us-east-1\"}"))
			.andReturn();

		assertThat(created.getResponse().getStatus()).isEqualTo(201);
		assertThat(created.getResponse().getHeader("Location")).endsWith("/api/v1/environments/" + name);
		JsonNode body = JSON.readTree(created.getResponse().getContentAsString());
		assertThat(body.get("id").asString()).isNotBlank();
		assertThat(body.get("name").asString()).isEqualTo(name);
		assertThat(body.get("kind").asString()).isEqualTo("staging");
		assertThat(body.get("cloudProvider").asString()).isEqualTo("aws");
		assertThat(body.get("region").asString()).isEqualTo("us-east-1");
		assertThat(body.get("description").isNull()).isTrue();
		assertThat(body.get("serverCount").asLong()).isZero();
		assertThat(body.get("createdAt").asString()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
		assertThat(body.get("updatedAt").asString()).isNotBlank();

		JsonNode updated = call(put("/api/v1/environments/" + name), Map.of("name", name, "kind", "production",
				"cloudProvider", "digitalocean", "region", "fra1", "description", "EU"), 200);
		assertThat(updated.get("kind").asString()).isEqualTo("production");
		assertThat(updated.get("region").asString()).isEqualTo("fra1");
		assertThat(call(get("/api/v1/environments/" + name), null, 200).get("description").asString()).isEqualTo("EU");
		assertField(call(put("/api/v1/environments/" + name), Map.of("name", name + "-renamed", "kind", "production",
				"cloudProvider", "aws", "region", "fra1"), 400), "name");
		assertThat(call(get("/api/v1/environments?size=200"), null, 200).get("items").findValuesAsString("name"))
			.contains(name, "demo");

		call(delete("/api/v1/environments/" + name), null, 204);
		call(get("/api/v1/environments/" + name), null, 404);
		call(post("/api/v1/environments"), Map.of("name", this.environment, "kind", "staging", "cloudProvider", "aws",
				"region", "us-east-1"), 409);
	}

	@Test
	void aSecondEditOfAnEnvironmentFromTheSameReadGets412() {
		Map<String, Object> pipeline = Map.of("name", this.environment, "kind", "staging", "cloudProvider", "aws",
				"region", "us-east-2", "description", "moved by the pipeline");
		Map<String, Object> operator = Map.of("name", this.environment, "kind", "staging", "cloudProvider", "aws",
				"region", "us-east-1", "description", "the operator's note");
		LostUpdates.assertTheSecondEditFromTheSameReadIsRefused(new ApiClient(this.port, IntegrationTest.ADMIN_TOKEN),
				"/api/v1/environments/" + this.environment, pipeline, operator, "region");
	}

	@Test
	void aSecondEditOfAServerFromTheSameReadGets412() throws Exception {
		String name = unique("edited");
		String id = call(post("/api/v1/servers"), serverBody(name), 201).get("id").asString();
		Map<String, Object> pipeline = new HashMap<>(serverBody(name));
		pipeline.put("host", "10.1.2.3");
		Map<String, Object> operator = new HashMap<>(serverBody(name));
		operator.put("roles", List.of("web"));
		LostUpdates.assertTheSecondEditFromTheSameReadIsRefused(new ApiClient(this.port, IntegrationTest.ADMIN_TOKEN),
				"/api/v1/servers/" + id, pipeline, operator, "host");
	}

	@Test
	void ifMatchAnd412AreDescribedInOpenApi() throws Exception {
		JsonNode paths = call(get("/v3/api-docs"), null, 200).get("paths");
		for (String path : List.of("/api/v1/servers/{id}", "/api/v1/environments/{name}")) {
			JsonNode put = paths.path(path).path("put");
			assertThat(put.path("responses").has("412")).as(path + " " + put).isTrue();
			assertThat(put.path("parameters").findValuesAsString("name")).as(path).contains("If-Match");
			assertThat(paths.path(path).path("get").path("description").asString()).as(path).contains("ETag");
		}
	}

	static Stream<Arguments> badEnvironments() {
		return Stream.of(Arguments.of("name", "Staging!"), Arguments.of("name", "-staging"),
				Arguments.of("kind", "qa"), Arguments.of("cloudProvider", "gcp"), Arguments.of("region", "US EAST"),
				Arguments.of("region", "a".repeat(33)), Arguments.of("name", "all"), Arguments.of("name", "ungrouped"),
				Arguments.of("name", "ALL"), Arguments.of("name", "a\u0000b"), Arguments.of("region", "eu\u0000"),
				Arguments.of("description", "nul \u0000 inside"), Arguments.of("description", "bell \u0007"));
	}

	@ParameterizedTest(name = "{0} = {1}")
	@MethodSource("badEnvironments")
	void invalidEnvironmentsAreRejectedNamingTheField(String field, String value) throws Exception {
		Map<String, Object> body = new HashMap<>(Map.of("name", unique("bad"), "kind", "development", "cloudProvider",
				"aws", "region", "us-east-1"));
		body.put(field, value);

		assertField(call(post("/api/v1/environments"), body, 400), field);
	}

	@Test
	void serverContract() throws Exception {
		String name = unique("web");
		Map<String, Object> request = new HashMap<>(serverBody(name));
		request.put("port", 2222);
		request.put("hostKeyFingerprint", FINGERPRINT);
		request.put("roles", List.of("web", "app"));

		MvcResult created = perform(post("/api/v1/servers"), request);

		assertThat(created.getResponse().getStatus()).isEqualTo(201);
		JsonNode body = JSON.readTree(created.getResponse().getContentAsString());
		String id = body.get("id").asString();
		assertThat(created.getResponse().getHeader("Location")).endsWith("/api/v1/servers/" + id);
		assertThat(body.get("name").asString()).isEqualTo(name);
		assertThat(body.get("host").asString()).isEqualTo("127.0.0.1");
		assertThat(body.get("port").asInt()).isEqualTo(2222);
		assertThat(body.get("username").asString()).isEqualTo("root");
		assertThat(body.get("environment").asString()).isEqualTo(this.environment);
		assertThat(body.get("credentialId").asString()).isEqualTo(this.credentialId.toString());
		assertThat(body.get("connection").asString()).isEqualTo("ssh");
		assertThat(body.get("hostKeyPolicy").asString()).isEqualTo("strict");
		assertThat(body.get("hostKeyFingerprint").asString()).isEqualTo(FINGERPRINT);
		assertThat(JSON.convertValue(body.get("roles"), List.class)).containsExactly("web", "app");

		assertThat(call(get("/api/v1/servers/" + id), null, 200).get("name").asString()).isEqualTo(name);
		JsonNode list = call(get("/api/v1/servers?environment=" + this.environment), null, 200);
		assertThat(list.get("items").findValuesAsString("name")).containsExactly(name);
		assertThat(list.get("totalItems").asLong()).isEqualTo(1);
		assertThat(call(get("/api/v1/environments/" + this.environment), null, 200).get("serverCount").asLong())
			.isEqualTo(1);
		assertField(call(get("/api/v1/servers?environment=nope-" + UUID.randomUUID()), null, 400), "environment");

		Map<String, Object> changed = new HashMap<>(request);
		changed.put("host", "web-1.example.com");
		changed.put("hostKeyPolicy", "trust-on-first-use");
		JsonNode updated = call(put("/api/v1/servers/" + id), changed, 200);
		assertThat(updated.get("host").asString()).isEqualTo("web-1.example.com");
		assertThat(updated.get("hostKeyPolicy").asString()).isEqualTo("trust-on-first-use");
		assertThat(updated.get("hostKeyFingerprint").asString()).isEqualTo(FINGERPRINT);

		call(post("/api/v1/servers"), request, 409);
		call(delete("/api/v1/servers/" + id), null, 204);
		call(get("/api/v1/servers/" + id), null, 404);
	}

	static Stream<Arguments> badServers() {
		return Stream.of(Arguments.of("host", "127.0.0.1; rm -rf /"), Arguments.of("host", "-oProxyCommand=id"),
				Arguments.of("host", "web 1"), Arguments.of("host", "999.1.1.1"), Arguments.of("host", "$(id)"),
				Arguments.of("port", 0), Arguments.of("port", 65536), Arguments.of("username", "Root"),
				Arguments.of("username", "-oops"), Arguments.of("name", "Web_1"), Arguments.of("name", "web 1"),
				Arguments.of("hostKeyFingerprint", "SHA256:short"),
				Arguments.of("hostKeyFingerprint", "MD5:aa:bb:cc"), Arguments.of("hostKeyPolicy", "yolo"),
				Arguments.of("connection", "telnet"), Arguments.of("roles[0]", "Bad Role"), Arguments.of("name", "all"),
				Arguments.of("name", "ungrouped"), Arguments.of("name", "web\u00001"), Arguments.of("host", "a\u0000b"),
				Arguments.of("username", "root\u0000"), Arguments.of("environment", "a\u0000b"),
				Arguments.of("roles[0]", "db\u0000"));
	}

	@ParameterizedTest(name = "{0} = {1}")
	@MethodSource("badServers")
	void invalidServersAreRejectedNamingTheField(String field, Object value) throws Exception {
		Map<String, Object> body = new HashMap<>(serverBody(unique("bad")));
		body.put(field.replace("[0]", ""), field.endsWith("[0]") ? List.of(value) : value);

		assertField(call(post("/api/v1/servers"), body, 400), field);
	}

	@ParameterizedTest
	@ValueSource(strings = { "all", "ungrouped" })
	void rolesAnsibleReservesAreRejected(String role) throws Exception {
		Map<String, Object> body = new HashMap<>(serverBody(unique("role")));
		body.put("roles", List.of("web", role));

		JsonNode problem = call(post("/api/v1/servers"), body, 400);

		assertField(problem, "roles");
		assertThat(problem.toString()).contains("reserved by Ansible");
	}

	@Test
	void aServerIsNotNamedLikeAGroupOfItsEnvironment() throws Exception {
		Map<String, Object> likeEnvironment = new HashMap<>(serverBody(this.environment));
		Map<String, Object> likeOwnRole = new HashMap<>(serverBody(unique("db")));
		likeOwnRole.put("roles", List.of("web", likeOwnRole.get("name")));
		String role = unique("cache");
		Map<String, Object> withRole = new HashMap<>(serverBody(unique("web").replace('-', '_')));
		withRole.put("roles", List.of(role));
		JsonNode first = call(post("/api/v1/servers"), withRole, 201);
		Map<String, Object> likeOthersRole = new HashMap<>(serverBody(role.replace('-', '_')));
		Map<String, Object> takingAServersName = new HashMap<>(serverBody(unique("web")));
		takingAServersName.put("roles", List.of(withRole.get("name")));

		assertField(call(post("/api/v1/servers"), likeEnvironment, 400), "name");
		assertField(call(post("/api/v1/servers"), likeOwnRole, 400), "roles");
		assertField(call(post("/api/v1/servers"), likeOthersRole, 400), "name");
		assertField(call(post("/api/v1/servers"), takingAServersName, 400), "roles");
		Map<String, Object> renamed = new HashMap<>(withRole);
		renamed.put("name", role);
		assertField(call(put("/api/v1/servers/" + first.get("id").asString()), renamed, 400), "roles");
		String elsewhere = unique("env");
		call(post("/api/v1/environments"), Map.of("name", elsewhere, "kind", "staging", "cloudProvider", "aws",
				"region", "us-east-1"), 201);
		likeOthersRole.put("environment", elsewhere);
		JsonNode inOtherEnvironment = call(post("/api/v1/servers"), likeOthersRole, 201);
		call(delete("/api/v1/servers/" + inOtherEnvironment.get("id").asString()), null, 204);
		call(delete("/api/v1/servers/" + first.get("id").asString()), null, 204);
	}

	@Test
	void aDescriptionWithNulIsABadRequestOnCreateAndChange() throws Exception {
		Map<String, Object> body = new HashMap<>(Map.of("name", unique("nul"), "kind", "staging", "cloudProvider",
				"aws", "region", "us-east-1", "description", "before\u0000after"));

		assertField(call(post("/api/v1/environments"), body, 400), "description");
		body.put("name", this.environment);
		assertField(call(put("/api/v1/environments/" + this.environment), body, 400), "description");
		body.put("description", "multi-line\r\ntext\twith tabs is fine");
		assertThat(call(put("/api/v1/environments/" + this.environment), body, 200).get("description").asString())
			.isEqualTo("multi-line\r\ntext\twith tabs is fine");
	}

	@Test
	void nulInLookupsIsNeverAServerError() throws Exception {
		assertField(call(get("/api/v1/servers").param("environment", "a\u0000b"), null, 400), "environment");
		assertThat(perform(get("/api/v1/environments/{name}", "a\u0000b"), null).getResponse().getStatus())
			.isBetween(400, 499);
		ApiClient api = new ApiClient(this.port, IntegrationTest.ADMIN_TOKEN);

		ApiClient.Response list = api.get("/api/v1/servers?environment=a%00b");
		ApiClient.Response environment = api.get("/api/v1/environments/a%00b");

		assertThat(list.status()).as(list.toString()).isEqualTo(400);
		assertThat(list.json().get("errors").findValuesAsString("field")).containsExactly("environment");
		assertThat(environment.status()).as(environment.toString()).isBetween(400, 499);
	}

	@ParameterizedTest
	@ValueSource(strings = { "environments", "servers", "credentials" })
	void pagingOutOfBoundsIsABadRequestNamingTheParameter(String list) {
		ApiClient api = new ApiClient(this.port, IntegrationTest.ADMIN_TOKEN);
		String path = "/api/v1/" + list;

		assertBadParameter(api.get(path + "?page=2147483647&size=2147483647"), "page");
		assertBadParameter(api.get(path + "?page=2147483647"), "page");
		assertBadParameter(api.get(path + "?page=1000001"), "page");
		assertBadParameter(api.get(path + "?page=-1"), "page");
		assertBadParameter(api.get(path + "?size=2147483647"), "size");
		assertBadParameter(api.get(path + "?size=201"), "size");
		assertBadParameter(api.get(path + "?size=0"), "size");
		assertThat(api.get(path + "?page=99999999999").status()).as("not an int").isEqualTo(400);
		ApiClient.Response last = api.get(path + "?page=1000000&size=200");
		assertThat(last.status()).as(last.toString()).isEqualTo(200);
		assertThat(last.json().get("items").isEmpty()).isTrue();
		assertThat(api.get(path + "?page=0&size=200").status()).isEqualTo(200);
	}

	private static void assertBadParameter(ApiClient.Response response, String parameter) {
		assertThat(response.status()).as(response.toString()).isEqualTo(400);
		assertThat(response.header("Content-Type")).startsWith("application/problem+json");
		assertThat(response.json().get("errors").findValuesAsString("field")).containsExactly(parameter);
	}

	@Test
	void referencesAreCheckedNamingTheField() throws Exception {
		Map<String, Object> unknownEnvironment = new HashMap<>(serverBody(unique("ref")));
		unknownEnvironment.put("environment", "no-such-environment");
		Map<String, Object> unknownCredential = new HashMap<>(serverBody(unique("ref")));
		unknownCredential.put("credentialId", UUID.randomUUID().toString());
		Map<String, Object> noCredential = new HashMap<>(serverBody(unique("ref")));
		noCredential.remove("credentialId");
		Map<String, Object> tooManyRoles = new HashMap<>(serverBody(unique("ref")));
		tooManyRoles.put("roles", java.util.stream.IntStream.range(0, 21).mapToObj(i -> "r" + i).toList());

		assertField(call(post("/api/v1/servers"), unknownEnvironment, 400), "environment");
		assertField(call(post("/api/v1/servers"), unknownCredential, 400), "credentialId");
		assertField(call(post("/api/v1/servers"), noCredential, 400), "credentialId");
		assertField(call(post("/api/v1/servers"), tooManyRoles, 400), "roles");
	}

	@Test
	void localServersNeedNoCredential() throws Exception {
		Map<String, Object> body = new HashMap<>(serverBody(unique("local")));
		body.remove("credentialId");
		body.put("connection", "local");

		JsonNode created = call(post("/api/v1/servers"), body, 201);

		assertThat(created.get("connection").asString()).isEqualTo("local");
		assertThat(created.get("credentialId").isNull()).isTrue();
		call(delete("/api/v1/servers/" + created.get("id").asString()), null, 204);
	}

	@Test
	void environmentsAndCredentialsInUseCannotBeDeleted() throws Exception {
		JsonNode server = call(post("/api/v1/servers"), serverBody(unique("in-use")), 201);

		JsonNode environmentConflict = call(delete("/api/v1/environments/" + this.environment), null, 409);
		JsonNode credentialConflict = call(delete("/api/v1/credentials/" + this.credentialId), null, 409);

		assertThat(environmentConflict.get("detail").asString()).contains("still has 1 server");
		assertThat(credentialConflict.get("detail").asString()).contains("is used by 1 server");
		assertThatThrownBy(() -> this.jdbc.update("delete from credentials where id = ?", this.credentialId))
			.as("the foreign key, not only the service, protects a credential in use")
			.isInstanceOf(DataIntegrityViolationException.class);
		assertThatThrownBy(() -> this.jdbc.update("delete from environments where name = ?", this.environment))
			.isInstanceOf(DataIntegrityViolationException.class);
		call(delete("/api/v1/servers/" + server.get("id").asString()), null, 204);
		call(delete("/api/v1/credentials/" + this.credentialId), null, 204);
		call(delete("/api/v1/environments/" + this.environment), null, 204);
	}

	@Test
	void credentialContract() throws Exception {
		SshKeygen.Key key = SshKeygen.generate(this.directory, "api", "ecdsa", 256, "PEM", "pass phrase");
		String name = unique("deploy");
		Map<String, Object> request = new HashMap<>();
		request.put("name", name);
		request.put("type", "ssh-key");
		request.put("privateKey", key.text());
		request.put("passphrase", "pass phrase");

		MvcResult created = perform(post("/api/v1/credentials"), request);

		assertThat(created.getResponse().getStatus()).isEqualTo(201);
		String text = created.getResponse().getContentAsString();
		JsonNode body = JSON.readTree(text);
		assertThat(created.getResponse().getHeader("Location"))
			.endsWith("/api/v1/credentials/" + body.get("id").asString());
		assertThat(body.get("name").asString()).isEqualTo(name);
		assertThat(body.get("type").asString()).isEqualTo("ssh-key");
		assertThat(body.get("keyType").asString()).isEqualTo("ecdsa-sha2-nistp256");
		assertThat(body.get("fingerprint").asString()).isEqualTo(key.fingerprint());
		assertThat(body.get("publicKey").asString()).isEqualTo(key.publicKey());
		assertThat(body.get("encrypted").asBoolean()).isTrue();
		assertThat(body.get("createdAt").asString()).isNotBlank();
		assertThat(text).doesNotContain("PRIVATE KEY").doesNotContain("pass phrase").doesNotContain("privateKey");

		String list = this.mvc.perform(get("/api/v1/credentials?size=200")).andReturn().getResponse().getContentAsString();
		assertThat(list).contains(name).doesNotContain("PRIVATE KEY");
		call(post("/api/v1/credentials"), request, 409);
		request.put("type", "password");
		assertField(call(post("/api/v1/credentials"), request, 400), "type");
		request.put("type", "ssh-key");
		request.put("passphrase", "wrong");
		request.put("name", unique("deploy"));
		assertField(call(post("/api/v1/credentials"), request, 400), "passphrase");
		request.put("privateKey", key.publicKey());
		assertField(call(post("/api/v1/credentials"), request, 400), "privateKey");
		SshKeygen.Key plain = SshKeygen.generate(this.directory, "plain", "ed25519", 0, null, "");
		request.put("privateKey", plain.text());
		request.put("passphrase", "pass phrase");
		JsonNode unencrypted = call(post("/api/v1/credentials"), request, 400);
		assertField(unencrypted, "passphrase");
		assertThat(unencrypted.toString()).contains("not encrypted; leave the passphrase empty");
		request.put("passphrase", "");
		JsonNode plainCreated = call(post("/api/v1/credentials"), request, 201);
		assertThat(plainCreated.get("encrypted").asBoolean()).isFalse();
		call(delete("/api/v1/credentials/" + plainCreated.get("id").asString()), null, 204);

		call(delete("/api/v1/credentials/" + body.get("id").asString()), null, 204);
		call(get("/api/v1/credentials/" + body.get("id").asString()), null, 404);
	}

	private Map<String, Object> serverBody(String name) {
		Map<String, Object> body = new HashMap<>();
		body.put("name", name);
		body.put("host", "127.0.0.1");
		body.put("username", "root");
		body.put("environment", this.environment);
		body.put("credentialId", this.credentialId.toString());
		body.put("hostKeyPolicy", "strict");
		return body;
	}

	private MvcResult perform(
			org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder request, Object body)
			throws Exception {
		if (body != null) {
			request.contentType(MediaType.APPLICATION_JSON).content(JSON.writeValueAsString(body));
		}
		return this.mvc.perform(request.with(csrf()).accept(MediaType.APPLICATION_JSON)).andReturn();
	}

	private JsonNode call(org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder request,
			Object body, int expectedStatus) throws Exception {
		MvcResult result = perform(request, body);
		String content = result.getResponse().getContentAsString();
		assertThat(result.getResponse().getStatus()).as(content).isEqualTo(expectedStatus);
		return content.isEmpty() ? JSON.nullNode() : JSON.readTree(content);
	}

	private static void assertField(JsonNode problem, String field) {
		assertThat(problem.get("errors").findValuesAsString("field")).as(problem.toString()).contains(field);
	}

	static String unique(String prefix) {
		return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
	}

}
