package io.opsdeck.drills;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.opsdeck.support.ApiClient;
import io.opsdeck.support.ApiClient.Response;
import io.opsdeck.support.IntegrationTest;
import io.opsdeck.support.S3Server;
import io.opsdeck.support.WebClients;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.security.test.context.support.WithMockUser;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.web.context.WebApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Bad input on the drill endpoints: settings that would damage the server or could never work are refused with a 400
 * that names the field (API and page) and nothing is saved; odd Accept headers get a 406.
 */
@IntegrationTest
@WithMockUser(username = "admin", roles = "ADMIN")
class DrillsEdgeIntegrationTests {

	@LocalServerPort
	int port;

	@Autowired
	WebApplicationContext context;

	ApiClient api;

	String environment;

	String server;

	@BeforeEach
	void createEnvironmentWithServer() {
		api = new ApiClient(port, IntegrationTest.ADMIN_TOKEN);
		String suffix = UUID.randomUUID().toString().substring(0, 8);
		environment = "ds-" + suffix;
		server = "db-" + suffix;
		assertThat(api.post("/api/v1/environments",
				Map.of("name", environment, "kind", "staging", "cloudProvider", "aws", "region", "us-east-1"))
			.status()).isEqualTo(201);
		Response created = api.post("/api/v1/servers", Map.of("name", server, "host", "127.0.0.1", "username", "root",
				"environment", environment, "connection", "local"));
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
	}

	private String settingsPath() {
		return "/api/v1/environments/" + environment + "/drill-settings";
	}

	private Map<String, Object> settings(String database, String mediaDir, String appDir) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("server", server);
		body.put("database", Map.of("name", database));
		body.put("mediaDir", mediaDir);
		body.put("appDir", appDir);
		return body;
	}

	private void assertRejected(Map<String, Object> body, String field, String message) {
		Response refused = api.put(settingsPath(), body);
		assertThat(refused.status()).as(refused.toString()).isEqualTo(400);
		assertThat(refused.json().path("errors").get(0).path("field").asString()).isEqualTo(field);
		assertThat(refused.json().path("errors").get(0).path("message").asString()).contains(message);
		assertThat(api.get(settingsPath()).status()).as("nothing saved").isEqualTo(404);
	}

	@Test
	void theMaintenanceAndTemplateDatabasesAreRefused() {
		// the drill connects to 'postgres' to drop and recreate the database: it would block connections to it, then
		// fail to drop it
		for (String name : new String[] { "postgres", "template0", "template1" }) {
			assertRejected(settings(name, "/srv/app/media", "/srv/app"), "database.name", "cannot be restored by a drill");
		}
		assertThat(api.put(settingsPath(), settings("Postgres_app", "/srv/app/media", "/srv/app")).status())
			.isEqualTo(200);
	}

	@Test
	void aMediaDirectoryThatIsOrHoldsTheApplicationIsRefused() {
		// restoring the media swaps mediaDir for the backup's media: the application (and its compose file) would go
		assertRejected(settings("app", "/srv/app", "/srv/app"), "mediaDir", "must not be the application directory");
		assertRejected(settings("app", "/srv/app/", "/srv/app"), "mediaDir", "must not be the application directory");
		assertRejected(settings("app", "/srv", "/srv/app"), "mediaDir", "must not be the application directory");
		assertThat(api.put(settingsPath(), settings("app", "/srv/app-media", "/srv/app")).status()).isEqualTo(200);
		assertThat(api.put(settingsPath(), settings("app", "/srv/app/media", "/srv/app")).status()).isEqualTo(200);
	}

	@Test
	void aHealthUrlWithAQuoteOrBackslashIsRefused() {
		// curl reads the URL from a config line url = "...": a quote ended it early (http://h/a"b polled http://h/a)
		for (String url : new String[] { "http://127.0.0.1:8000/a\"b", "http://127.0.0.1:8000/a\\nb" }) {
			Map<String, Object> body = settings("app", "/srv/app/media", "/srv/app");
			body.put("healthUrl", url);
			assertRejected(body, "healthUrl", "http:// or https:// URL");
		}
		Map<String, Object> fine = settings("app", "/srv/app/media", "/srv/app");
		fine.put("healthUrl", "http://127.0.0.1:8000/health?full=1&x=%22");
		assertThat(api.put(settingsPath(), fine).status()).isEqualTo(200);
	}

	@Test
	void aReportInAFormatOpsdeckDoesNotWriteIsA406() throws Exception {
		String path = "/api/v1/drills/" + UUID.randomUUID() + "/report";
		for (String accept : new String[] { "text/html", "application/xml" }) {
			HttpResponse<String> answer = api.http()
				.send(api.request(path).header("Accept", accept).GET().build(), HttpResponse.BodyHandlers.ofString());
			assertThat(answer.statusCode()).as(accept + ": " + answer.body()).isEqualTo(406);
		}
		// the browser download still works with a browser's Accept; an unknown drill is a 404
		HttpResponse<String> download = api.http()
			.send(api.request(path + "?format=md")
				.header("Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8")
				.GET()
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(download.statusCode()).as(download.body()).isEqualTo(404);
	}

	@Test
	void aDrillOnUnreachableStorageIsA502ProblemDetail() throws Exception {
		int closedPort;
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
			closedPort = socket.getLocalPort();
		}
		Map<String, Object> storage = new LinkedHashMap<>();
		storage.put("provider", "s3-compatible");
		storage.put("endpoint", "http://127.0.0.1:" + closedPort);
		storage.put("region", "us-east-1");
		storage.put("bucket", "drill-edges");
		storage.put("accessKeyId", "edge-access");
		storage.put("secretAccessKey", "edge-secret-that-must-not-show");
		assertThat(api.put("/api/v1/environments/" + environment + "/backup-storage", storage).status()).isEqualTo(200);
		assertThat(api.put(settingsPath(), settings("app", "/srv/app/media", "/srv/app")).status()).isEqualTo(200);

		// it was a 500: the storage problem mapping covered only the backups controllers
		Response refused = api.post("/api/v1/drills", Map.of("environment", environment, "type", "full"));
		assertThat(refused.status()).as(refused.toString()).isEqualTo(502);
		assertThat(refused.json().path("reason").asString()).isEqualTo("unreachable");
		assertThat(refused.json().path("detail").asString()).contains("cannot reach the storage endpoint");
		assertThat(refused.body()).doesNotContain("edge-secret-that-must-not-show");
	}

	@Test
	void aBackupWithAnUnusableManifestIsNotRestoredAsIfItHadNone() {
		try (S3Server s3 = S3Server.start("127.0.0.3")) {
			s3.createBucket("drill-edges");
			String folder = environment + "/2025-11-07-120000/";
			s3.put("drill-edges", folder + "db.dump", new byte[64]);
			s3.put("drill-edges", folder + "manifest.json", "{not json".getBytes(StandardCharsets.UTF_8));
			Map<String, Object> storage = new LinkedHashMap<>();
			storage.put("provider", "s3-compatible");
			storage.put("endpoint", s3.endpoint());
			storage.put("region", S3Server.REGION);
			storage.put("bucket", "drill-edges");
			storage.put("prefix", environment);
			storage.put("accessKeyId", S3Server.ACCESS_KEY_ID);
			storage.put("secretAccessKey", S3Server.SECRET_ACCESS_KEY);
			assertThat(api.put("/api/v1/environments/" + environment + "/backup-storage", storage).status()).isEqualTo(200);
			assertThat(api.put(settingsPath(), settings("app", "/srv/app/media", "/srv/app")).status()).isEqualTo(200);

			// it used to run as if there were no manifest: no checksums, and a finding saying it was missing
			for (Map<String, Object> body : List.of(Map.<String, Object>of("environment", environment, "type", "full"),
					Map.<String, Object>of("environment", environment, "type", "validation-only", "backupTimestamp",
							"2025-11-07-120000"))) {
				Response refused = api.post("/api/v1/drills", body);
				assertThat(refused.status()).as(refused.toString()).isEqualTo(409);
				assertThat(refused.json().path("detail").asString())
					.contains("backup '2025-11-07-120000'")
					.contains("manifest.json cannot be used: it is not valid JSON");
			}
			assertThat(api.get("/api/v1/drills?environment=" + environment).json().path("totalItems").asLong()).isZero();
		}
	}

	@Test
	void thePageShowsTheRefusalAtTheField() throws Exception {
		MockMvc mvc = WebClients.mockMvc(this.context);
		String page = mvc
			.perform(post("/environments/" + environment + "/drill-settings").with(csrf())
				.param("server", server)
				.param("dbName", "postgres")
				.param("dbMode", "host")
				.param("dbUser", "postgres")
				.param("dbHost", "127.0.0.1")
				.param("dbPort", "5432")
				.param("mediaDir", "/srv/app/media")
				.param("appDir", "/srv/app")
				.param("startCommand", "true")
				.param("healthTimeoutSeconds", "300")
				.param("rtoTargetSeconds", "1800")
				.param("restoreJobs", "2"))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString(StandardCharsets.UTF_8);
		assertThat(page).contains("cannot be restored by a drill");
		assertThat(api.get(settingsPath()).status()).isEqualTo(404);
	}

}
