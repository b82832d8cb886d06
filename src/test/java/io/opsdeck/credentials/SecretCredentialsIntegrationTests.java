package io.opsdeck.credentials;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import io.opsdeck.credentials.internal.CredentialService;
import io.opsdeck.shared.InvalidInputException;
import io.opsdeck.shared.NotFoundException;
import io.opsdeck.support.ApiClient;
import io.opsdeck.support.IntegrationTest;
import io.opsdeck.support.SshKeygen;
import io.opsdeck.support.WebClients;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.test.context.support.WithMockUser;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.web.context.WebApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Credentials of type {@code secret} over the real HTTP API and pages: sealed at rest, never shown again, read once
 * through {@link Credentials#revealSecret(UUID)}, and refused where an SSH key is expected (and the other way round).
 */
@IntegrationTest
class SecretCredentialsIntegrationTests {

	private static final String VALUE = "s3cr3t-Db-pässword!";

	@Autowired
	CredentialService credentials;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	WebApplicationContext context;

	@LocalServerPort
	int port;

	@TempDir
	Path directory;

	ApiClient api;

	@BeforeEach
	void setUp() {
		this.api = new ApiClient(this.port, IntegrationTest.ADMIN_TOKEN);
	}

	@Test
	void aSecretIsSealedNeverShownAndRevealedOnlyThroughTheModuleApi() {
		String name = unique("db-password");
		ApiClient.Response created = this.api.post("/api/v1/credentials",
				Map.of("name", name, "type", "secret", "value", VALUE));

		assertThat(created.status()).as(created.body()).isEqualTo(201);
		assertThat(created.body()).doesNotContain(VALUE).doesNotContain("s3cr3t");
		JsonNode json = created.json();
		assertThat(json.get("type").asString()).isEqualTo("secret");
		assertThat(json.get("keyType").isNull()).isTrue();
		assertThat(json.get("fingerprint").isNull()).isTrue();
		UUID id = UUID.fromString(json.get("id").asString());
		assertThat(created.header("Location")).endsWith("/api/v1/credentials/" + id);
		assertThat(this.api.get("/api/v1/credentials/" + id).body()).doesNotContain("s3cr3t");
		assertThat(this.api.get("/api/v1/credentials?size=200").body()).doesNotContain("s3cr3t");

		byte[] stored = this.jdbc.queryForObject("select secret from credentials where id = ?", byte[].class, id);
		assertThat(stored[0]).as("format version 2: key id embedded").isEqualTo((byte) 2);
		assertThat(new String(stored, StandardCharsets.ISO_8859_1)).doesNotContain("s3cr3t");
		assertThat(this.credentials.revealSecret(id)).isEqualTo(VALUE);
	}

	@Test
	void theSealIsBoundToTheRow() {
		UUID first = this.credentials.createSecret(new io.opsdeck.credentials.internal.NewSecret(unique("a"), VALUE), "t")
			.id();
		UUID second = this.credentials
			.createSecret(new io.opsdeck.credentials.internal.NewSecret(unique("b"), "another-value"), "t")
			.id();

		this.jdbc.update("update credentials set secret = (select secret from credentials where id = ?) where id = ?",
				first, second);

		try {
			assertThatThrownBy(() -> this.credentials.revealSecret(second)).as("row id is the associated data")
				.isInstanceOf(IllegalStateException.class)
				.hasMessageContaining("cannot be decrypted");
		}
		finally {
			// the shared database must hold no undecryptable value: MasterKeyRotationIntegrationTests rotates them all
			this.jdbc.update("delete from credentials where id = ?", second);
		}
	}

	@Test
	void aSshKeyIsNotASecretAndASecretIsNotALoginKey() {
		SshKeygen.Key key = SshKeygen.generate(this.directory, "key", "ed25519", 0, null, "");
		UUID sshKey = UUID.fromString(this.api
			.post("/api/v1/credentials", Map.of("name", unique("key"), "type", "ssh-key", "privateKey", key.text()))
			.json()
			.get("id")
			.asString());
		UUID secret = UUID.fromString(this.api
			.post("/api/v1/credentials", Map.of("name", unique("token"), "type", "secret", "value", VALUE))
			.json()
			.get("id")
			.asString());

		assertThatThrownBy(() -> this.credentials.revealSecret(sshKey)).isInstanceOf(InvalidInputException.class)
			.hasMessageContaining("is an SSH key, not a secret");
		assertThatThrownBy(() -> this.credentials.lease(secret)).isInstanceOf(InvalidInputException.class)
			.hasMessageContaining("is a secret, not an SSH key");
		assertThatThrownBy(() -> this.credentials.revealSecret(UUID.randomUUID()))
			.isInstanceOf(NotFoundException.class);

		String environment = unique("env");
		assertThat(this.api
			.post("/api/v1/environments",
					Map.of("name", environment, "kind", "staging", "cloudProvider", "aws", "region", "eu-west-1"))
			.status()).isEqualTo(201);
		Map<String, Object> server = new LinkedHashMap<>();
		server.put("name", unique("web"));
		server.put("host", "192.0.2.10");
		server.put("username", "deploy");
		server.put("environment", environment);
		server.put("credentialId", secret.toString());
		ApiClient.Response refused = this.api.post("/api/v1/servers", server);
		assertThat(refused.status()).as(refused.body()).isEqualTo(400);
		assertThat(refused.json().get("errors").get(0).get("field").asString()).isEqualTo("credentialId");
		assertThat(refused.body()).contains("is a secret, not an SSH key");
		assertThat(this.api.delete("/api/v1/credentials/" + secret).status()).isEqualTo(204);
	}

	/** {@code sshKey} and {@code secret}: read-only booleans derived from {@code type}, documented in OpenAPI. */
	@Test
	void theJsonSaysWhichKindWithTwoDocumentedBooleans() {
		SshKeygen.Key key = SshKeygen.generate(this.directory, "flags", "ed25519", 0, null, "");
		JsonNode sshKey = this.api
			.post("/api/v1/credentials", Map.of("name", unique("flags-key"), "type", "ssh-key", "privateKey",
					key.text()))
			.json();
		JsonNode secret = this.api
			.post("/api/v1/credentials", Map.of("name", unique("flags-secret"), "type", "secret", "value", VALUE))
			.json();
		assertThat(sshKey.get("sshKey").asBoolean()).isTrue();
		assertThat(sshKey.get("secret").asBoolean()).isFalse();
		assertThat(secret.get("sshKey").asBoolean()).isFalse();
		assertThat(secret.get("secret").asBoolean()).as("a flag, never the value").isTrue();

		// the first description of the whole API is built on demand: minutes on a loaded 2-core machine
		JsonNode properties = this.api.send(this.api.request("/v3/api-docs").timeout(Duration.ofMinutes(5)).GET())
			.json()
			.path("components")
			.path("schemas")
			.path("CredentialSummary").path("properties");
		for (String flag : new String[] { "sshKey", "secret" }) {
			assertThat(properties.path(flag).path("type").asString()).as(flag).isEqualTo("boolean");
			assertThat(properties.path(flag).path("readOnly").asBoolean()).as(flag).isTrue();
			assertThat(properties.path(flag).path("description").asString()).as(flag).contains("Derived from type");
		}
	}

	@Test
	void badSecretsAreRefusedNamingTheFieldWithoutEchoingTheValue() {
		ApiClient.Response tooShort = this.api.post("/api/v1/credentials",
				Map.of("name", unique("short"), "type", "secret", "value", "abc1"));
		ApiClient.Response multiLine = this.api.post("/api/v1/credentials",
				Map.of("name", unique("lines"), "type", "secret", "value", "first-line\nsecond-line"));
		ApiClient.Response missing = this.api.post("/api/v1/credentials",
				Map.of("name", unique("none"), "type", "secret"));
		ApiClient.Response withKey = this.api.post("/api/v1/credentials",
				Map.of("name", unique("mixed"), "type", "secret", "value", VALUE, "privateKey", "x"));
		ApiClient.Response badType = this.api.post("/api/v1/credentials",
				Map.of("name", unique("type"), "type", "password", "value", VALUE));

		assertField(tooShort, "value");
		assertThat(tooShort.body()).doesNotContain("abc1");
		assertField(multiLine, "value");
		assertThat(multiLine.body()).doesNotContain("second-line");
		assertField(missing, "value");
		assertField(withKey, "privateKey");
		assertField(badType, "type");
		assertThat(badType.body()).contains("'ssh-key' or 'secret'");
	}

	@Test
	@WithMockUser(username = "admin", roles = "ADMIN")
	void theSecretFormAddsASecretAndNeverEchoesTheValue() throws Exception {
		MockMvc mvc = WebClients.mockMvc(this.context);
		String form = mvc.perform(get("/credentials/new").param("type", "secret"))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString();
		assertThat(form).contains("name=\"value\"").doesNotContain("name=\"privateKey\"").contains("Add secret");

		String rejected = mvc
			.perform(post("/credentials").with(csrf())
				.param("name", unique("form"))
				.param("type", "secret")
				.param("value", "short"))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString();
		assertThat(rejected).contains("data-testid=\"value-error\"").contains("enter the value again")
			.doesNotContain("value=\"short\"");

		String name = unique("form");
		mvc.perform(post("/credentials").with(csrf()).param("name", name).param("type", "secret").param("value", VALUE))
			.andExpect(status().isFound());
		String list = mvc.perform(get("/credentials").param("size", "200")).andReturn().getResponse().getContentAsString();
		assertThat(list).contains(name).doesNotContain("s3cr3t");
	}

	private static void assertField(ApiClient.Response response, String field) {
		assertThat(response.status()).as(response.body()).isEqualTo(400);
		assertThat(response.json().get("errors").get(0).get("field").asString()).as(response.body()).isEqualTo(field);
	}

	private static String unique(String prefix) {
		return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
	}

}
