package io.opsdeck.backups.web;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;

import io.opsdeck.support.ApiClient;
import io.opsdeck.support.IntegrationTest;
import io.opsdeck.support.S3Server;
import io.opsdeck.support.WebClients;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.security.test.context.support.WithMockUser;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.web.context.WebApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** The backups page, rendered by the real application against a real S3-compatible server. */
@IntegrationTest
@WithMockUser(username = "admin", roles = "ADMIN")
class BackupPagesIntegrationTests {

	private static final String BUCKET = "opsdeck-pages";

	private static S3Server s3;

	@Autowired
	WebApplicationContext context;

	@LocalServerPort
	int port;

	MockMvc mvc;

	String environment;

	@BeforeAll
	static void startStorage() {
		s3 = S3Server.start("127.0.0.3");
		s3.createBucket(BUCKET);
	}

	@AfterAll
	static void stopStorage() {
		if (s3 != null) {
			s3.close();
		}
	}

	@BeforeEach
	void setUp() {
		this.mvc = WebClients.mockMvc(this.context);
		this.environment = "bp-" + UUID.randomUUID().toString().substring(0, 8);
		new ApiClient(port, IntegrationTest.ADMIN_TOKEN).post("/api/v1/environments",
				Map.of("name", environment, "kind", "staging", "cloudProvider", "digitalocean", "region", "fra1"));
	}

	@Test
	void storageIsConfiguredTestedAndBackupsListedWithoutEverShowingTheSecret() throws Exception {
		String path = "/environments/" + environment + "/backups";
		assertThat(page(path)).contains("data-testid=\"no-storage\"").contains("name=\"secretAccessKey\"");

		String invalid = mvc.perform(storageForm("Bad_Bucket", "a-secret-that-must-not-echo"))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString(StandardCharsets.UTF_8);
		assertThat(invalid).contains("must be a valid bucket name").doesNotContain("a-secret-that-must-not-echo");

		s3.put(BUCKET, environment + "/2025-11-07-120000/db.dump", new byte[2048]);
		s3.put(BUCKET, environment + "/2025-11-06-120000/db.dump", new byte[10]);
		mvc.perform(storageForm(BUCKET, S3Server.SECRET_ACCESS_KEY)).andExpect(redirectedUrl(path));

		String listed = page(path);
		assertThat(listed).doesNotContain(S3Server.SECRET_ACCESS_KEY)
			.contains("stored (never shown)")
			.contains("data-backup=\"2025-11-07-120000\"")
			.contains("data-backup=\"2025-11-06-120000\"")
			.contains("2.0 KiB")
			.contains("manifest.json is missing")
			.contains("data-testid=\"unverified\"")
			.contains("data-testid=\"back-up-now\"");
		assertThat(listed.indexOf("2025-11-07-120000")).isLessThan(listed.indexOf("2025-11-06-120000"));
		assertThat(listed).containsPattern("data-testid=\"rpo\">\\d+ d \\d+ h<");
		assertThat(listed).containsPattern("value=\"" + s3.endpoint() + "\"");

		mvc.perform(post(path + "/storage/test").with(csrf()))
			.andExpect(redirectedUrl(path))
			.andExpect(flash().attribute("flash",
					org.hamcrest.Matchers.matchesPattern("Connection works: \\d+ objects seen under the prefix\\.")));

		mvc.perform(post(path).with(csrf()))
			.andExpect(redirectedUrl(path))
			.andExpect(flash().attribute("flashError",
					org.hamcrest.Matchers.containsString("configure drill settings first")));
	}

	private MockHttpServletRequestBuilder storageForm(String bucket, String secret) {
		return post("/environments/" + environment + "/backups/storage").with(csrf())
			.param("provider", "s3-compatible")
			.param("endpoint", s3.endpoint())
			.param("region", S3Server.REGION)
			.param("bucket", bucket)
			.param("prefix", environment)
			.param("pathStyle", "true")
			.param("_pathStyle", "on")
			.param("accessKeyId", S3Server.ACCESS_KEY_ID)
			.param("secretAccessKey", secret);
	}

	private String page(String path) throws Exception {
		return mvc.perform(get(path))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString(StandardCharsets.UTF_8);
	}

}
