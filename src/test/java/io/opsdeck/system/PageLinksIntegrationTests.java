package io.opsdeck.system;

import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.opsdeck.support.ApiClient;
import io.opsdeck.support.ApiClient.Response;
import io.opsdeck.support.IntegrationTest;
import io.opsdeck.support.WebClients;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.RequestPostProcessor;
import org.springframework.web.context.WebApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

/**
 * Every link a page shows its reader opens a page for that reader: no 405 behind a link to a POST-only route, no
 * 403 behind a link the role may not follow.
 */
@IntegrationTest
class PageLinksIntegrationTests {

	private static final Pattern HREF = Pattern.compile("href=\"(/[^\"#]*)\"");

	@Autowired
	WebApplicationContext context;

	@LocalServerPort
	int port;

	MockMvc mvc;

	ApiClient api;

	String environment;

	@BeforeEach
	void anEnvironment() {
		this.mvc = WebClients.mockMvc(this.context);
		this.api = new ApiClient(port, IntegrationTest.ADMIN_TOKEN);
		this.environment = "links-" + UUID.randomUUID().toString().substring(0, 6);
		assertThat(api.post("/api/v1/environments", Map.of("name", environment, "kind", "staging", "cloudProvider",
				"aws", "region", "eu-central-1")).status()).isEqualTo(201);
	}

	@Test
	void everyLinkOnAScheduleOpensAPage() throws Exception {
		Response schedule = api.post("/api/v1/schedules", Map.of("name", environment + " weekly health", "action",
				"health-check", "environment", environment, "cron", "0 0 3 ? * MON", "timeZone", "UTC"));
		assertThat(schedule.status()).as(schedule.toString()).isEqualTo(201);
		RequestPostProcessor admin = user("admin").roles("ADMIN");

		// the environment link used to lead to /environments/{name}, the edit form's POST target: a 405
		Set<String> links = assertEveryLinkOpens("/schedules/" + schedule.json().path("id").asString(), admin);
		assertThat(links).contains("/schedules?environment=" + environment);
	}

	@Test
	void aViewerSeesNoLinkOnTheProvisioningSettingsThatOnlyAnAdminMayOpen() throws Exception {
		String viewer = "links-viewer-" + UUID.randomUUID().toString().substring(0, 6);
		assertThat(api.post("/api/v1/users", Map.of("username", viewer, "password", "a-viewer-password-1", "role",
				"VIEWER")).status()).isEqualTo(201);

		// "add one" led a VIEWER to /credentials/new, ADMIN only: a 403
		Set<String> links = assertEveryLinkOpens("/environments/" + environment + "/provisioning",
				user(viewer).roles("VIEWER"));
		assertThat(links).noneMatch(link -> link.startsWith("/credentials/new"));
		assertThat(assertEveryLinkOpens("/environments/" + environment + "/provisioning", user("admin").roles("ADMIN")))
			.contains("/credentials/new?type=secret");
	}

	/** @return the page's same-origin links (not static resources), each of which answered below 400 */
	private Set<String> assertEveryLinkOpens(String path, RequestPostProcessor reader) throws Exception {
		String page = mvc.perform(get(path).with(reader).accept(MediaType.TEXT_HTML))
			.andReturn()
			.getResponse()
			.getContentAsString();
		assertThat(page).as(path).contains("<html");
		Set<String> links = new LinkedHashSet<>();
		Matcher href = HREF.matcher(page);
		while (href.find()) {
			String link = href.group(1).replace("&amp;", "&");
			if (!link.startsWith("/webjars/") && !link.startsWith("/css/") && !link.startsWith("/js/")) {
				links.add(link);
			}
		}
		for (String link : links) {
			int status = mvc.perform(get(link).with(reader).accept(MediaType.TEXT_HTML))
				.andReturn()
				.getResponse()
				.getStatus();
			assertThat(status).as(path + " links to " + link).isLessThan(400);
		}
		return links;
	}

}
