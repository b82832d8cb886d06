package io.opsdeck.schedules.web;

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
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.security.test.context.support.WithMockUser;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.web.context.WebApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

/** Every link on a schedule's page leads to a page (the environment link used to answer 405). */
@IntegrationTest
@WithMockUser(username = "admin", roles = "ADMIN")
class ScheduleDetailLinksIntegrationTests {

	private static final Pattern HREF = Pattern.compile("href=\"(/[^\"#]*)\"");

	@Autowired
	WebApplicationContext context;

	@LocalServerPort
	int port;

	@Test
	void everyLinkOnAScheduleDetailPageOpensAPage() throws Exception {
		ApiClient api = new ApiClient(port, IntegrationTest.ADMIN_TOKEN);
		String environment = "links-" + UUID.randomUUID().toString().substring(0, 6);
		assertThat(api.post("/api/v1/environments", Map.of("name", environment, "kind", "staging", "cloudProvider",
				"aws", "region", "eu-central-1")).status()).isEqualTo(201);
		Response schedule = api.post("/api/v1/schedules", Map.of("name", environment + " weekly health", "action",
				"health-check", "environment", environment, "cron", "0 0 3 ? * MON", "timeZone", "UTC"));
		assertThat(schedule.status()).as(schedule.toString()).isEqualTo(201);
		MockMvc mvc = WebClients.mockMvc(this.context);

		String page = mvc.perform(get("/schedules/" + schedule.json().path("id").asString()).accept(MediaType.TEXT_HTML))
			.andReturn()
			.getResponse()
			.getContentAsString();
		Set<String> links = new LinkedHashSet<>();
		Matcher href = HREF.matcher(page);
		while (href.find()) {
			String link = href.group(1).replace("&amp;", "&");
			if (!link.startsWith("/webjars/") && !link.startsWith("/css/") && !link.startsWith("/js/")) {
				links.add(link);
			}
		}
		assertThat(links).contains("/schedules?environment=" + environment);
		for (String link : links) {
			int status = mvc.perform(get(link).accept(MediaType.TEXT_HTML)).andReturn().getResponse().getStatus();
			assertThat(status).as(link).isLessThan(400);
		}
	}

}
