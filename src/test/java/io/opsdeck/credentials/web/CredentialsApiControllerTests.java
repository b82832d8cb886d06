package io.opsdeck.credentials.web;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.opsdeck.credentials.CredentialSummary;
import io.opsdeck.credentials.internal.CredentialService;
import io.opsdeck.credentials.internal.NewCredential;
import io.opsdeck.shared.ConflictException;
import io.opsdeck.shared.InvalidInputException;
import io.opsdeck.shared.PageView;
import io.opsdeck.support.MethodSecurityTestConfiguration;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.FilterType;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.security.test.context.support.WithMockUser;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.then;
import static org.mockito.BDDMockito.willThrow;
import static org.mockito.Mockito.never;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** Who may call the credentials API, and what it returns and refuses; the service is stubbed. */
@WebMvcTest(controllers = CredentialsApiController.class,
		excludeFilters = @ComponentScan.Filter(type = FilterType.REGEX, pattern = "io\\.opsdeck\\.(?!credentials|system|shared).*"))
@Import(MethodSecurityTestConfiguration.class)
class CredentialsApiControllerTests {

	private static final String KEY = "-----BEGIN OPENSSH PRIVATE KEY-----\\nb3BlbnNzaC1rZXktdjE=\\n-----END OPENSSH PRIVATE KEY-----";

	private static final CredentialSummary DEPLOY = new CredentialSummary(UUID.randomUUID(), "deploy", "ssh-key",
			"ssh-ed25519", "SHA256:" + "x".repeat(43), "ssh-ed25519 AAAA", false, Instant.parse("2025-01-01T00:00:00Z"));

	@Autowired
	MockMvc mvc;

	@MockitoBean
	CredentialService credentials;

	@Test
	@WithMockUser(roles = "VIEWER")
	void viewersReadMetadata() throws Exception {
		given(this.credentials.list(0, 50)).willReturn(new PageView<>(List.of(DEPLOY), 0, 50, 1, 1));
		given(this.credentials.get(DEPLOY.id())).willReturn(DEPLOY);

		this.mvc.perform(get("/api/v1/credentials"))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.items[0].name").value("deploy"))
			.andExpect(jsonPath("$.items[0].fingerprint").value(DEPLOY.fingerprint()));
		this.mvc.perform(get("/api/v1/credentials/" + DEPLOY.id())).andExpect(status().isOk());
	}

	@Test
	@WithMockUser(roles = "OPERATOR")
	void onlyAdminsManage() throws Exception {
		this.mvc.perform(post("/api/v1/credentials").with(csrf()).contentType(MediaType.APPLICATION_JSON).content(body("ssh-key")))
			.andExpect(status().isForbidden());
		this.mvc.perform(delete("/api/v1/credentials/" + DEPLOY.id()).with(csrf())).andExpect(status().isForbidden());

		then(this.credentials).should(never()).create(any(), any());
		then(this.credentials).should(never()).delete(any());
	}

	@Test
	@WithMockUser(username = "alice", roles = "ADMIN")
	void adminsAddKeysAndGetMetadataBack() throws Exception {
		given(this.credentials.create(any(), eq("user:alice"))).willReturn(DEPLOY);

		String response = this.mvc
			.perform(post("/api/v1/credentials").with(csrf()).contentType(MediaType.APPLICATION_JSON).content(body("ssh-key")))
			.andExpect(status().isCreated())
			.andExpect(header().string("Location", "http://localhost/api/v1/credentials/" + DEPLOY.id()))
			.andExpect(jsonPath("$.id").value(DEPLOY.id().toString()))
			.andExpect(jsonPath("$.keyType").value("ssh-ed25519"))
			.andExpect(jsonPath("$.encrypted").value(false))
			.andExpect(jsonPath("$.createdAt").value("2025-01-01T00:00:00Z"))
			.andReturn()
			.getResponse()
			.getContentAsString();

		assertThat(response).doesNotContain("privateKey").doesNotContain("passphrase").doesNotContain("PRIVATE");
		then(this.credentials).should().create(any(NewCredential.class), eq("user:alice"));
	}

	@Test
	@WithMockUser(roles = "ADMIN")
	void refusesOtherTypesAndReportsKeyProblemsByField() throws Exception {
		given(this.credentials.create(any(), any()))
			.willThrow(new InvalidInputException("passphrase", "This key is protected by a passphrase: enter it."));

		this.mvc.perform(post("/api/v1/credentials").with(csrf()).contentType(MediaType.APPLICATION_JSON).content(body("password")))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].field").value("type"));
		this.mvc.perform(post("/api/v1/credentials").with(csrf())
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"name\":\"deploy\",\"type\":\"ssh-key\"}"))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].field").value("privateKey"));
		this.mvc.perform(post("/api/v1/credentials").with(csrf()).contentType(MediaType.APPLICATION_JSON).content(body("ssh-key")))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].field").value("passphrase"));
	}

	@Test
	@WithMockUser(roles = "ADMIN")
	void deletingACredentialInUseIsAConflict() throws Exception {
		willThrow(new ConflictException("credential 'deploy' is used by 2 servers")).given(this.credentials)
			.delete(DEPLOY.id());

		this.mvc.perform(delete("/api/v1/credentials/" + DEPLOY.id()).with(csrf()))
			.andExpect(status().isConflict())
			.andExpect(jsonPath("$.detail").value("credential 'deploy' is used by 2 servers"));
	}

	@Test
	void theRequestNeverPrintsItsSecrets() {
		CredentialRequest request = new CredentialRequest("deploy", "ssh-key", "-----BEGIN OPENSSH PRIVATE KEY-----",
				"hunter2", "tops3cret-value");

		assertThat(request.toString()).contains("deploy").doesNotContain("BEGIN").doesNotContain("hunter2")
			.doesNotContain("tops3cret");
		assertThat(request.toNewCredential().toString()).doesNotContain("BEGIN").doesNotContain("hunter2");
	}

	private static String body(String type) {
		return "{\"name\":\"deploy\",\"type\":\"" + type + "\",\"privateKey\":\"" + KEY + "\",\"passphrase\":null}";
	}

}
