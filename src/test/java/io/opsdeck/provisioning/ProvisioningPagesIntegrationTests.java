package io.opsdeck.provisioning;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.opsdeck.credentials.internal.CredentialService;
import io.opsdeck.credentials.internal.NewSecret;
import io.opsdeck.support.ApiClient;
import io.opsdeck.support.IntegrationTest;
import io.opsdeck.support.WebClients;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.test.context.support.WithMockUser;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.web.context.WebApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** The provisioning pages rendered by the real application: the settings form and a server's provisioning page. */
@IntegrationTest
@WithMockUser(username = "admin", roles = "ADMIN")
class ProvisioningPagesIntegrationTests {

	@Autowired
	WebApplicationContext context;

	@Autowired
	CredentialService credentials;

	@LocalServerPort
	int port;

	MockMvc mvc;

	String environment;

	String serverId;

	@BeforeEach
	void setUp() {
		this.mvc = WebClients.mockMvc(this.context);
		ApiClient api = new ApiClient(this.port, IntegrationTest.ADMIN_TOKEN);
		this.environment = "pages-" + UUID.randomUUID().toString().substring(0, 8);
		assertThat(api.post("/api/v1/environments",
				Map.of("name", this.environment, "kind", "production", "cloudProvider", "digitalocean", "region", "fra1"))
			.status()).isEqualTo(201);
		String key = this.credentials.all().stream().filter(c -> c.isSshKey()).findFirst().map(c -> c.id().toString())
			.orElseGet(() -> api.post("/api/v1/credentials", Map.of("name", this.environment + "-key", "type", "ssh-key",
					"privateKey", io.opsdeck.support.SshKeygen.generate(java.nio.file.Path.of("target"),
							this.environment, "ed25519", 0, null, "").text()))
				.json().path("id").asString());
		this.serverId = api.post("/api/v1/servers", Map.of("name", this.environment + "-web", "host", "192.0.2.7",
				"username", "deploy", "environment", this.environment, "credentialId", key, "roles", List.of("web", "db")))
			.json()
			.path("id")
			.asString();
	}

	@Test
	void theSettingsFormSavesAndShowsErrorsByField() throws Exception {
		String secret = this.credentials.createSecret(new NewSecret(this.environment + "-db", "a-long-db-password"), "t")
			.id()
			.toString();
		String page = this.mvc.perform(get("/environments/" + this.environment + "/provisioning"))
			.andExpect(status().isOk())
			.andReturn().getResponse().getContentAsString();
		assertThat(page).contains("name=\"domainName\"").contains(this.environment + "-db").contains("_csrf");

		String rejected = this.mvc.perform(post("/environments/" + this.environment + "/provisioning").with(csrf())
			.param("domainName", "not a domain").param("sslEmail", "ops@example.com"))
			.andExpect(status().isOk())
			.andReturn().getResponse().getContentAsString();
		assertThat(rejected).contains("data-testid=\"domainName-error\"").contains("must be a DNS name")
			.contains("value=\"ops@example.com\"");

		this.mvc.perform(post("/environments/" + this.environment + "/provisioning").with(csrf())
			.param("domainName", "shop.example.com").param("sslEmail", "ops@example.com")
			.param("dbPasswordCredentialId", secret))
			.andExpect(status().isFound())
			.andExpect(redirectedUrl("/environments/" + this.environment + "/provisioning"))
			.andExpect(flash().attribute("flash", org.hamcrest.Matchers.containsString("Saved")));
		String saved = this.mvc.perform(get("/environments/" + this.environment + "/provisioning"))
			.andReturn().getResponse().getContentAsString();
		assertThat(saved).contains("value=\"shop.example.com\"").containsPattern("value=\"" + secret + "\"\\s+selected");
	}

	@Test
	void theServerPageShowsRolesNoRunYetAndTheProvisionForm() throws Exception {
		String page = this.mvc.perform(get("/servers/" + this.serverId + "/provisioning"))
			.andExpect(status().isOk())
			.andReturn().getResponse().getContentAsString();

		assertThat(page).contains(this.environment + "-web").contains("Never provisioned from Opsdeck")
			.contains("data-testid=\"tag-security\"").contains("data-testid=\"tag-django\"")
			.contains("Production: a real run needs the ADMIN role").contains(">web<").contains(">db<");
		this.mvc.perform(get("/servers/" + UUID.randomUUID() + "/provisioning")).andExpect(status().isNotFound());
	}

	@Test
	void theServersShortUrlLeadsToItsPage() throws Exception {
		this.mvc.perform(get("/servers/" + this.serverId))
			.andExpect(status().isFound())
			.andExpect(redirectedUrl("/servers/" + this.serverId + "/provisioning"));
		this.mvc.perform(get("/servers/" + UUID.randomUUID())).andExpect(status().isNotFound());
	}

	@Test
	void aRefusedProvisionComesBackWithTheReason() throws Exception {
		// the form again (200, see FormErrors), the tags as ticked and the reason under them
		String missing = this.mvc
			.perform(post("/servers/" + this.serverId + "/provision").with(csrf()).param("tags", "ssl"))
			.andExpect(status().isOk())
			.andReturn().getResponse().getContentAsString();
		assertThat(missing).containsPattern("data-field-error=\"tags\"[^>]*>[^<]*domainName")
			.containsPattern("value=\"ssl\" id=\"tag-ssl\"[^>]*checked");
		String unknown = this.mvc
			.perform(post("/servers/" + this.serverId + "/provision").with(csrf()).param("tags", "nginx"))
			.andExpect(status().isOk())
			.andReturn().getResponse().getContentAsString();
		assertThat(unknown).containsPattern("data-field-error=\"tags\"[^>]*>[^<]*unknown tag &#39;nginx&#39;");
	}

	@Test
	@WithMockUser(username = "olivia", roles = "OPERATOR")
	void operatorsMayNotProvisionProductionForReal(@Autowired JdbcTemplate jdbc) throws Exception {
		// the request-time actor is read from the users table: a mock user must exist there (else its session ends)
		jdbc.update("""
				insert into users (id, username, password_hash, role, enabled, created_at, version)
				values (?, 'olivia', '{noop}unused-password', 'OPERATOR', true, now(), 0)
				on conflict (username) do nothing""", UUID.randomUUID());
		String refused = this.mvc
			.perform(post("/servers/" + this.serverId + "/provision").with(csrf()).param("tags", "docker"))
			.andExpect(status().isOk())
			.andReturn().getResponse().getContentAsString();
		assertThat(refused).containsPattern("data-testid=\"form-errors\"[\\s\\S]*needs the ADMIN role")
			.containsPattern("value=\"docker\" id=\"tag-docker\"[^>]*checked");
		String page = this.mvc.perform(get("/environments/" + this.environment + "/provisioning"))
			.andReturn().getResponse().getContentAsString();
		assertThat(page).contains("<fieldset disabled").doesNotContain("data-testid=\"save-settings\"");
	}


}
