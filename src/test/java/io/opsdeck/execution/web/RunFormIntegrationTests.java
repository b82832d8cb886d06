package io.opsdeck.execution.web;

import java.util.Map;
import java.util.UUID;

import io.opsdeck.support.ApiClient;
import io.opsdeck.support.ApiClient.Response;
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
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The "New run" form of the pages, posted by the real application: it is bound without Bean Validation, so what the
 * API's body refuses must be refused by the launch itself.
 */
@IntegrationTest
@WithMockUser(username = "admin", roles = "ADMIN")
class RunFormIntegrationTests {

	@Autowired
	WebApplicationContext context;

	@Autowired
	JdbcTemplate jdbc;

	@LocalServerPort
	int port;

	MockMvc mvc;

	String serverId;

	@BeforeEach
	void environmentWithALocalServer() {
		this.mvc = WebClients.mockMvc(this.context);
		ApiClient api = new ApiClient(port, IntegrationTest.ADMIN_TOKEN);
		String environment = "rf-" + UUID.randomUUID().toString().substring(0, 8);
		Response created = api.post("/api/v1/environments",
				Map.of("name", environment, "kind", "staging", "cloudProvider", "aws", "region", "eu-central-1"));
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		Response server = api.post("/api/v1/servers", Map.of("name", environment + "-local", "host", "127.0.0.1",
				"username", "root", "environment", environment, "connection", "local"));
		assertThat(server.status()).as(server.toString()).isEqualTo(201);
		this.serverId = server.json().path("id").asString();
	}

	@Test
	void serversAtOnceOutsideOneToAHundredIsAFieldErrorAndStartsNothing() throws Exception {
		// 0 and -1 used to start the run with no concurrency limit at all (every server at once), 101 above the cap
		for (String parallelism : new String[] { "0", "-1", "101" }) {
			String command = "echo form-" + UUID.randomUUID();
			String page = this.mvc.perform(post("/runs").with(csrf())
				.param("kind", "ssh")
				.param("command", command)
				.param("servers", serverId)
				.param("parallelism", parallelism))
				.andExpect(status().isOk())
				.andReturn()
				.getResponse()
				.getContentAsString();
			assertThat(page).as(parallelism).contains("parallelism must be between 1 and 100");
			assertThat(jdbc.queryForObject("select count(*) from runs where command = ?", Long.class, command))
				.as(parallelism)
				.isZero();
		}
		String command = "echo form-" + UUID.randomUUID();
		this.mvc.perform(post("/runs").with(csrf())
			.param("kind", "ssh")
			.param("command", command)
			.param("servers", serverId)
			.param("parallelism", "1")).andExpect(status().is3xxRedirection());
		assertThat(jdbc.queryForObject("select parameters from runs where command = ?", String.class, command))
			.contains("\"parallelism\":1");
	}

	@Test
	void lettersInANumberFieldComeBackAsTheFormWithTheFieldMessageAndStartNothing() throws Exception {
		String command = "echo form-" + UUID.randomUUID();
		String page = this.mvc.perform(post("/runs").with(csrf())
			.param("kind", "ssh")
			.param("command", command)
			.param("servers", serverId)
			.param("parallelism", "abc"))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString();
		// the same form (was a 400 page), what was typed kept, the message under the field
		assertThat(page).contains("data-testid=\"ssh-form\"").contains(command)
			.containsPattern("data-field-error=\"parallelism\"[^>]*>must be a whole number<")
			.containsPattern("value=\"" + serverId + "\"\\s+checked")
			.doesNotContain("Something went wrong");
		assertThat(jdbc.queryForObject("select count(*) from runs where command = ?", Long.class, command)).isZero();
	}

	/**
	 * The form of one kind never sends the other kind's fields; a hand-made post that does (an SSH command with a
	 * playbook) was started with the playbook silently dropped. Blank fields are what a browser sends for empty
	 * inputs and stay accepted.
	 */
	@Test
	void aFieldOfTheOtherKindComesBackAsAFieldErrorAndStartsNothing() throws Exception {
		String command = "echo form-" + UUID.randomUUID();
		String page = this.mvc.perform(post("/runs").with(csrf())
			.param("kind", "ssh")
			.param("command", command)
			.param("servers", serverId)
			.param("playbook", "health-check.yml"))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString();
		assertThat(page).containsPattern("data-field-error=\"playbook\"[^>]*>[^<]*only to ansible runs");
		assertThat(jdbc.queryForObject("select count(*) from runs where command = ?", Long.class, command)).isZero();

		this.mvc.perform(post("/runs").with(csrf())
			.param("kind", "ssh")
			.param("command", command)
			.param("servers", serverId)
			.param("playbook", "")
			.param("extraVars", " ")).andExpect(status().is3xxRedirection());
		assertThat(jdbc.queryForObject("select count(*) from runs where command = ?", Long.class, command)).isOne();
	}

}
