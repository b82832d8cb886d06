package io.opsdeck.system;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.opsdeck.support.ApiClient;
import io.opsdeck.support.ApiClient.Response;
import io.opsdeck.support.IntegrationTest;
import io.opsdeck.support.LostUpdates;
import io.opsdeck.support.WebClients;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.web.context.WebApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

/**
 * The lost-update contract ({@link LostUpdates}: ETag on GET, If-Match on PUT, 412 with nothing written) on the
 * create-or-replace settings of an environment (backup storage, drill settings, cloud firewall), where no settings
 * yet means no version can match; a stale save of a settings form; and the OpenAPI document of every versioned PUT.
 * The schedule, server and environment resources are covered in their modules' tests.
 */
@IntegrationTest
class EditPreconditionsIntegrationTests {

	@LocalServerPort
	int port;

	@Autowired
	WebApplicationContext context;

	private ApiClient api;

	private String environment;

	private String server;

	@BeforeEach
	void environmentWithALocalServer() {
		api = new ApiClient(port, IntegrationTest.ADMIN_TOKEN);
		environment = "pre-" + UUID.randomUUID().toString().substring(0, 8);
		server = environment + "-db";
		assertThat(api.post("/api/v1/environments", Map.of("name", environment, "kind", "staging", "cloudProvider",
				"aws", "region", "us-east-1")).status()).isEqualTo(201);
		Response created = api.post("/api/v1/servers", Map.of("name", server, "host", "127.0.0.1", "username", "root",
				"environment", environment, "connection", "local"));
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
	}

	@Test
	void backupStorage() {
		String path = "/api/v1/environments/" + environment + "/backup-storage";
		assertNothingToMatchBeforeTheFirstSave(path, storage("first-bucket"));
		LostUpdates.assertTheSecondEditFromTheSameReadIsRefused(api, path, storage("pipeline-bucket"),
				storage("operator-bucket"), "bucket");
	}

	@Test
	void drillSettings() {
		String path = "/api/v1/environments/" + environment + "/drill-settings";
		assertNothingToMatchBeforeTheFirstSave(path, drillSettings("/srv/app/media"));
		LostUpdates.assertTheSecondEditFromTheSameReadIsRefused(api, path, drillSettings("/srv/app/uploads"),
				drillSettings("/srv/app/files"), "mediaDir");
	}

	@Test
	void cloudFirewall() {
		Response secret = api.post("/api/v1/credentials", Map.of("name", environment + "-fw", "type", "secret",
				"value", "fake-secret-access-key-0001"));
		assertThat(secret.status()).as(secret.toString()).isEqualTo(201);
		String credential = secret.json().path("id").asString();
		String path = "/api/v1/environments/" + environment + "/cloud-firewall";
		assertNothingToMatchBeforeTheFirstSave(path, firewall("web-a", credential));
		LostUpdates.assertTheSecondEditFromTheSameReadIsRefused(api, path, firewall("web-b", credential),
				firewall("web-c", credential), "groupName");
	}

	@Test
	void aStaleSettingsFormSaveKeepsTheInputAndNamesTheCurrentVersion() throws Exception {
		String path = "/api/v1/environments/" + environment + "/backup-storage";
		assertThat(api.put(path, storage("first-bucket")).status()).isEqualTo(200);
		MockMvc mvc = WebClients.mockMvc(context);
		String page = mvc.perform(get("/environments/" + environment + "/backups").with(user("admin").roles("ADMIN")))
			.andReturn().getResponse().getContentAsString();
		long opened = api.get(path).json().path("version").asLong();
		assertThat(page).contains("name=\"version\" value=\"" + opened + "\"");
		long current = api.put(path, storage("pipeline-bucket")).json().path("version").asLong();

		String stale = mvc.perform(post("/environments/" + environment + "/backups/storage")
			.with(user("admin").roles("ADMIN"))
			.with(csrf())
			.param("provider", "s3-compatible")
			.param("endpoint", "http://127.0.0.1:9")
			.param("region", "us-east-1")
			.param("bucket", "my-own-bucket")
			.param("prefix", "")
			.param("pathStyle", "true")
			.param("accessKeyId", "AKIAIOSFODNN7EXAMPLE")
			.param("version", Long.toString(opened))).andReturn().getResponse().getContentAsString();

		assertThat(stale).contains("This backup storage was changed by someone else since you opened it")
			.contains("is now version " + current)
			.contains("value=\"my-own-bucket\"")
			.contains("name=\"version\" value=\"" + current + "\"");
		assertThat(api.get(path).json().path("bucket").asString()).isEqualTo("pipeline-bucket");
	}

	@Test
	void everyVersionedPutDocumentsIfMatchAnd412() {
		JsonNode paths = api.get("/v3/api-docs").json().path("paths");
		for (String path : List.of("/api/v1/schedules/{id}", "/api/v1/servers/{id}", "/api/v1/environments/{name}",
				"/api/v1/environments/{name}/backup-storage", "/api/v1/environments/{name}/drill-settings",
				"/api/v1/environments/{name}/cloud-firewall")) {
			JsonNode put = paths.path(path).path("put");
			assertThat(put.path("responses").has("412")).as(path + " " + put).isTrue();
			assertThat(put.path("responses").has("200")).as(path).isTrue();
			assertThat(put.path("parameters").findValuesAsString("name")).as(path).contains("If-Match");
			assertThat(paths.path(path).path("get").path("description").asString()).as(path).contains("ETag");
		}
	}

	/** Before the first save there is no version: If-Match with one, or with *, is a 412 and creates nothing. */
	private void assertNothingToMatchBeforeTheFirstSave(String path, Map<String, Object> body) {
		assertThat(api.get(path).status()).isEqualTo(404);
		for (String ifMatch : List.of("\"0\"", "*")) {
			Response refused = api.put(path, body, ifMatch);
			assertThat(refused.status()).as(ifMatch + ": " + refused).isEqualTo(412);
			assertThat(refused.json().has("currentVersion")).isFalse();
		}
		assertThat(api.get(path).status()).as("nothing created").isEqualTo(404);
		Response created = api.put(path, body);
		assertThat(created.status()).as(created.toString()).isEqualTo(200);
	}

	private static Map<String, Object> storage(String bucket) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("provider", "s3-compatible");
		body.put("endpoint", "http://127.0.0.1:9");
		body.put("region", "us-east-1");
		body.put("bucket", bucket);
		body.put("pathStyle", true);
		body.put("accessKeyId", "AKIAIOSFODNN7EXAMPLE");
		body.put("secretAccessKey", "fake-secret-0001");
		return body;
	}

	private Map<String, Object> drillSettings(String mediaDir) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("server", server);
		body.put("database", Map.of("name", "app"));
		body.put("mediaDir", mediaDir);
		body.put("appDir", "/srv/app/current");
		return body;
	}

	private static Map<String, Object> firewall(String groupName, String credential) {
		return Map.of("groupName", groupName, "accessKeyId", "AKIAIOSFODNN7EXAMPLE", "credentialId", credential);
	}

}
