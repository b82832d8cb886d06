package io.opsdeck.credentials.web;

import java.nio.file.Path;
import java.util.UUID;

import io.opsdeck.support.IntegrationTest;
import io.opsdeck.support.SshKeygen;
import io.opsdeck.support.WebClients;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.beans.factory.annotation.Autowired;
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

/** The credentials pages, rendered by the real application. */
@IntegrationTest
@WithMockUser(username = "admin", roles = "ADMIN")
class CredentialPagesIntegrationTests {

	@Autowired
	WebApplicationContext context;

	@TempDir
	Path directory;

	MockMvc mvc;

	@BeforeEach
	void setUp() {
		this.mvc = WebClients.mockMvc(this.context);
	}

	@Test
	void addingAKeyShowsItInTheListWithItsFingerprint() throws Exception {
		SshKeygen.Key key = SshKeygen.generate(this.directory, "key", "ed25519", 0, null, "");
		String name = "page-" + UUID.randomUUID().toString().substring(0, 8);

		this.mvc.perform(post("/credentials").with(csrf())
			.param("name", name)
			.param("type", "ssh-key")
			.param("privateKey", key.text().replace("\n", "\r\n"))
			.param("passphrase", ""))
			.andExpect(status().isFound())
			.andExpect(redirectedUrl("/credentials"))
			.andExpect(flash().attribute("flash", org.hamcrest.Matchers.containsString(key.fingerprint())));

		String list = this.mvc.perform(get("/credentials")).andExpect(status().isOk()).andReturn().getResponse()
			.getContentAsString();
		assertThat(list).contains(name).contains(key.fingerprint()).contains("ssh-ed25519").doesNotContain("PRIVATE KEY");
	}

	@Test
	void aRejectedKeyIsNeverSentBackToTheBrowser() throws Exception {
		SshKeygen.Key key = SshKeygen.generate(this.directory, "key", "rsa", 2048, "PEM", "the passphrase");
		String body = key.text().lines().filter(l -> !l.startsWith("-----") && l.length() > 40).findFirst().orElseThrow();

		String page = this.mvc.perform(post("/credentials").with(csrf())
			.param("name", "Bad Name!")
			.param("type", "ssh-key")
			.param("privateKey", key.text())
			.param("passphrase", "wrong passphrase"))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString();

		assertThat(page).contains("data-testid=\"paste-again\"").contains("is-invalid");
		assertThat(page).doesNotContain(body).doesNotContain("wrong passphrase").doesNotContain("PRIVATE KEY-----\n");

		String wrongPassphrase = this.mvc.perform(post("/credentials").with(csrf())
			.param("name", "good-name-" + UUID.randomUUID().toString().substring(0, 6))
			.param("privateKey", key.text())
			.param("passphrase", "wrong passphrase"))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString();
		assertThat(wrongPassphrase).contains("data-testid=\"passphrase-error\"").contains("does not decrypt");
		assertThat(wrongPassphrase).doesNotContain(body).doesNotContain("wrong passphrase");
	}

	@Test
	void aPassphraseForAnUnencryptedKeyIsShownAsThePassphraseError() throws Exception {
		SshKeygen.Key key = SshKeygen.generate(this.directory, "plain", "ed25519", 0, null, "");

		String page = this.mvc.perform(post("/credentials").with(csrf())
			.param("name", "plain-" + UUID.randomUUID().toString().substring(0, 8))
			.param("privateKey", key.text())
			.param("passphrase", "not needed"))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString();

		assertThat(page).contains("data-testid=\"passphrase-error\"").contains("leave the passphrase empty");
	}

	@Test
	void anyPageNumberShowsAPage() throws Exception {
		SshKeygen.Key key = SshKeygen.generate(this.directory, "key", "ed25519", 0, null, "");
		String name = "paged-" + UUID.randomUUID().toString().substring(0, 8);
		this.mvc.perform(post("/credentials").with(csrf()).param("name", name).param("privateKey", key.text()))
			.andExpect(redirectedUrl("/credentials"));

		for (String page : new String[] { "2147483647", "1000001", "-5" }) {
			String list = this.mvc.perform(get("/credentials").param("page", page))
				.andExpect(status().isOk())
				.andReturn()
				.getResponse()
				.getContentAsString();
			assertThat(list).as(page).contains("data-testid=\"credentials\"").contains("data-credential=");
		}
	}

	@Test
	void theFormRenders() throws Exception {
		String page = this.mvc.perform(get("/credentials/new")).andExpect(status().isOk()).andReturn().getResponse()
			.getContentAsString();

		assertThat(page).contains("name=\"privateKey\"").contains("type=\"password\"").contains("_csrf");
	}

}
