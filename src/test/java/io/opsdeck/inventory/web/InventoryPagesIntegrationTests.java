package io.opsdeck.inventory.web;

import java.util.List;
import java.util.UUID;

import io.opsdeck.support.IntegrationTest;
import io.opsdeck.support.WebClients;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

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

/** The environment and server pages, rendered by the real application. */
@IntegrationTest
@WithMockUser(username = "admin", roles = "ADMIN")
class InventoryPagesIntegrationTests {

	@Autowired
	WebApplicationContext context;

	MockMvc mvc;

	@BeforeEach
	void setUp() {
		this.mvc = WebClients.mockMvc(this.context);
	}

	@Test
	void aMalformedIdInAPagePathIsAFriendlyNotFoundPage() throws Exception {
		for (String path : List.of("/drills/not-a-uuid", "/runs/x")) {
			String body = this.mvc.perform(get(path))
				.andExpect(status().isNotFound())
				.andReturn()
				.getResponse()
				.getContentAsString();
			assertThat(body).contains("<html").contains("is not a valid id");
		}
		// the API keeps answering problem details for the same mistake
		String problem = this.mvc.perform(get("/api/v1/drills/not-a-uuid"))
			.andExpect(status().isBadRequest())
			.andReturn()
			.getResponse()
			.getContentAsString();
		assertThat(problem).contains("\"status\":400").doesNotContain("<html");
	}

	@Test
	void theDemoEnvironmentAndItsServerAreListed() throws Exception {
		String environments = page("/environments");
		String servers = page("/servers?environment=demo");

		assertThat(environments).contains("data-environment=\"demo\"").contains("data-testid=\"server-count\">1<");
		assertThat(servers).contains("data-server=\"localhost\"").contains("127.0.0.1").contains(">local<");
		assertThat(page("/servers?environment=no-such-env")).contains("no environment named");
	}

	@Test
	void environmentsAreCreatedEditedAndDeletedThroughForms() throws Exception {
		String name = "ui-" + UUID.randomUUID().toString().substring(0, 8);
		assertThat(page("/environments/new")).contains("name=\"region\"");

		this.mvc.perform(post("/environments").with(csrf())
			.param("name", name)
			.param("kind", "staging")
			.param("cloudProvider", "digitalocean")
			.param("region", "fra1"))
			.andExpect(redirectedUrl("/environments"));
		assertThat(page("/environments/" + name + "/edit")).contains("value=\"fra1\"").contains("readonly");
		this.mvc.perform(post("/environments/" + name).with(csrf())
			.param("name", name)
			.param("kind", "production")
			.param("cloudProvider", "aws")
			.param("region", "eu-west-1"))
			.andExpect(redirectedUrl("/environments"));
		assertThat(environmentsListing()).contains("eu-west-1");

		String invalid = this.mvc.perform(post("/environments").with(csrf())
			.param("name", name)
			.param("kind", "qa")
			.param("cloudProvider", "aws")
			.param("region", "Not A Region"))
			.andExpect(status().isOk())
			.andReturn().getResponse().getContentAsString();
		assertThat(invalid).contains("must be development, staging or production").contains("must be 1-32 lowercase");

		this.mvc.perform(post("/environments/" + name + "/delete").with(csrf()))
			.andExpect(redirectedUrl("/environments"))
			.andExpect(flash().attribute("flash", "Deleted environment '" + name + "'."));
	}

	@Test
	void serverFormShowsErrorsNextToTheirFields() throws Exception {
		assertThat(page("/servers/new?environment=demo")).contains("name=\"hostKeyFingerprint\"")
			.contains("value=\"local\"");

		String invalid = this.mvc.perform(post("/servers").with(csrf())
			.param("name", "ui-bad")
			.param("host", "127.0.0.1; rm -rf /")
			.param("port", "22")
			.param("username", "root")
			.param("environment", "demo")
			.param("connection", "ssh")
			.param("hostKeyPolicy", "strict")
			.param("hostKeyFingerprint", "")
			.param("roles", "web, Bad Role"))
			.andExpect(status().isOk())
			.andReturn().getResponse().getContentAsString();

		assertThat(invalid).contains("must be an IPv4 address, an IPv6 address or a DNS host name");
		String missingCredential = this.mvc.perform(post("/servers").with(csrf())
			.param("name", "ui-bad")
			.param("host", "10.0.0.1")
			.param("port", "22")
			.param("username", "root")
			.param("environment", "demo")
			.param("connection", "ssh")
			.param("hostKeyPolicy", "strict")
			.param("roles", "web"))
			.andExpect(status().isOk())
			.andReturn().getResponse().getContentAsString();
		assertThat(missingCredential).contains("needs a credential");
	}

	@Test
	void aLocalServerIsAddedEditedAndDeletedThroughForms() throws Exception {
		String name = "ui-" + UUID.randomUUID().toString().substring(0, 8);

		this.mvc.perform(post("/servers").with(csrf())
			.param("name", name)
			.param("host", "127.0.0.1")
			.param("port", "22")
			.param("username", "root")
			.param("environment", "demo")
			.param("connection", "local")
			.param("hostKeyPolicy", "trust-on-first-use")
			.param("roles", "web, db  app"))
			.andExpect(redirectedUrl("/servers"));

		String list = page("/servers?environment=demo");
		assertThat(list).contains("data-server=\"" + name + "\"").contains(">web<").contains(">db<").contains(">app<");
		String id = list.substring(list.indexOf("/servers/", list.indexOf("data-server=\"" + name)) + 9);
		id = id.substring(0, 36);
		assertThat(page("/servers/" + id + "/edit")).contains("value=\"web, db, app\"");
		this.mvc.perform(post("/servers/" + id + "/delete").with(csrf())).andExpect(redirectedUrl("/servers"));
		assertThat(page("/servers?environment=demo")).doesNotContain("data-server=\"" + name + "\"");
	}

	@Test
	void aStaleEnvironmentFormSaveKeepsTheInputAndTheNextSaveOverwrites() throws Exception {
		String name = "ui-" + UUID.randomUUID().toString().substring(0, 8);
		createStagingEnvironment(name);
		String opened = hiddenVersion(page("/environments/" + name + "/edit"));
		this.mvc.perform(post("/environments/" + name).with(csrf())
			.param("name", name)
			.param("kind", "staging")
			.param("cloudProvider", "aws")
			.param("region", "eu-west-2")
			.param("version", opened))
			.andExpect(redirectedUrl("/environments"));
		String current = hiddenVersion(page("/environments/" + name + "/edit"));

		String stale = this.mvc.perform(post("/environments/" + name).with(csrf())
			.param("name", name)
			.param("kind", "production")
			.param("cloudProvider", "aws")
			.param("region", "eu-central-1")
			.param("description", "my own note")
			.param("version", opened))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString();

		assertThat(stale).contains("This environment was changed by someone else since you opened it")
			.contains("is now version " + current)
			.contains("value=\"eu-central-1\"")
			.contains("my own note")
			.contains("name=\"version\" value=\"" + current + "\"");
		assertThat(page("/environments/" + name + "/edit")).contains("value=\"eu-west-2\"");
		this.mvc.perform(post("/environments/" + name).with(csrf())
			.param("name", name)
			.param("kind", "production")
			.param("cloudProvider", "aws")
			.param("region", "eu-central-1")
			.param("version", current))
			.andExpect(redirectedUrl("/environments"));
		assertThat(page("/environments/" + name + "/edit")).contains("value=\"eu-central-1\"");
	}

	@Test
	void aStaleServerFormSaveKeepsTheInput() throws Exception {
		String name = "ui-" + UUID.randomUUID().toString().substring(0, 8);
		this.mvc.perform(serverForm(name, "web", null)).andExpect(redirectedUrl("/servers"));
		String id = serverId(name);
		String opened = hiddenVersion(page("/servers/" + id + "/edit"));
		this.mvc.perform(serverForm(name, "db", opened))
			.andExpect(redirectedUrl("/servers"));

		String stale = this.mvc.perform(serverForm(name, "app, cache", opened))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString();

		assertThat(stale).contains("This server was changed by someone else since you opened it")
			.contains("value=\"app, cache\"");
		assertThat(page("/servers/" + id + "/edit")).contains("value=\"db\"");
		this.mvc.perform(post("/servers/" + id + "/delete").with(csrf())).andExpect(redirectedUrl("/servers"));
	}

	/** The server form for a local server in {@code demo}, posted to {@code /servers} or, with a version, its edit. */
	private org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder serverForm(String name,
			String roles, String version) throws Exception {
		String path = (version != null) ? "/servers/" + serverId(name) : "/servers";
		var request = post(path).with(csrf())
			.param("name", name)
			.param("host", "127.0.0.1")
			.param("port", "22")
			.param("username", "root")
			.param("environment", "demo")
			.param("connection", "local")
			.param("hostKeyPolicy", "trust-on-first-use")
			.param("roles", roles);
		return (version != null) ? request.param("version", version) : request;
	}

	/** @return the id of the server called {@code name} in {@code demo}, from its row's edit link */
	private String serverId(String name) throws Exception {
		String list = page("/servers?environment=demo");
		return list.substring(list.indexOf("/servers/", list.indexOf("data-server=\"" + name)) + 9).substring(0, 36);
	}

	private static String hiddenVersion(String form) {
		String marker = "name=\"version\" value=\"";
		assertThat(form).contains(marker);
		int start = form.indexOf(marker) + marker.length();
		return form.substring(start, form.indexOf('"', start));
	}

	@Test
	void anyPageNumberShowsAPage() throws Exception {
		for (String number : new String[] { "2147483647", "1000001", "-5" }) {
			// the last page: which environments it holds depends on what other tests stored in the shared database
			assertThat(page("/environments?page=" + number)).as(number).contains("data-environment=\"");
			assertThat(page("/servers?page=" + number)).as(number).contains("<table");
			assertThat(page("/servers?environment=demo&page=" + number)).as(number)
				.contains("data-server=\"localhost\"");
		}
	}

	@Test
	void aNulInTheServerFilterIsExplainedNotAServerError() throws Exception {
		String list = this.mvc.perform(get("/servers").param("environment", "a\u0000b"))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString();

		assertThat(list).contains("must not contain control characters");
	}

	@Test
	void namesAnsibleReservesAreExplainedInTheForms() throws Exception {
		String environment = this.mvc.perform(post("/environments").with(csrf())
			.param("name", "all")
			.param("kind", "staging")
			.param("cloudProvider", "aws")
			.param("region", "us-east-1"))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString();
		String server = this.mvc.perform(post("/servers").with(csrf())
			.param("name", "ungrouped")
			.param("host", "127.0.0.1")
			.param("port", "22")
			.param("username", "root")
			.param("environment", "demo")
			.param("connection", "local")
			.param("hostKeyPolicy", "strict")
			.param("roles", "web"))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString();

		assertThat(environment).contains("reserved by Ansible").contains("is-invalid");
		assertThat(server).contains("reserved by Ansible").contains("is-invalid");
	}

	@Test
	void anEnvironmentWithServersIsNotDeleted() throws Exception {
		this.mvc.perform(post("/environments/demo/delete").with(csrf()))
			.andExpect(redirectedUrl("/environments"))
			.andExpect(flash().attribute("flashError", org.hamcrest.Matchers.containsString("still has")));
	}

	/** Creates a staging environment (aws, eu-west-1) through the new-environment form. */
	private void createStagingEnvironment(String name) throws Exception {
		this.mvc.perform(post("/environments").with(csrf())
			.param("name", name)
			.param("kind", "staging")
			.param("cloudProvider", "aws")
			.param("region", "eu-west-1"))
			.andExpect(redirectedUrl("/environments"));
	}

	private String page(String path) throws Exception {
		return this.mvc.perform(get(path)).andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
	}

	@Test
	void theEditFormPostsBackToItsOwnEnvironmentWhateverNameWasPosted() throws Exception {
		String name = "ui-" + UUID.randomUUID().toString().substring(0, 8);
		createStagingEnvironment(name);
		// the name field is read-only, but a posted value is whatever the client sent: a path that is no name was a
		// 500 (the form's action was built from it), another environment's name sent the next save there
		for (String posted : List.of("../../etc/passwd", "some-other-environment")) {
			String form = this.mvc.perform(post("/environments/" + name).with(csrf())
				.param("name", posted)
				.param("kind", "production")
				.param("cloudProvider", "aws")
				.param("region", "eu-west-1"))
				.andExpect(status().isOk())
				.andReturn()
				.getResponse()
				.getContentAsString();
			assertThat(form).as(posted)
				.contains("action=\"/environments/" + name + "\"")
				.contains("Edit environment " + name)
				.doesNotContain("action=\"/environments/some-other-environment\"");
		}
	}

	/** Every page of the environments list (other test classes' environments may fill the first ones). */
	private String environmentsListing() throws Exception {
		StringBuilder all = new StringBuilder();
		for (int number = 0; number < 100; number++) {
			String html = page("/environments?page=" + number);
			all.append(html);
			if (!html.contains("/environments?page=" + (number + 1))) {
				break;
			}
		}
		return all.toString();
	}

}
