package io.opsdeck.system;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import io.opsdeck.support.ApiClient;
import io.opsdeck.support.ApiClient.Response;
import io.opsdeck.support.Browser;
import io.opsdeck.support.DocsOutput;
import io.opsdeck.support.IntegrationTest;
import io.opsdeck.support.WebClients;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.test.context.support.WithMockUser;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.web.context.WebApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

/**
 * Page forms posted with bad input come back as the same form (200, the dashboard's convention, see
 * {@link io.opsdeck.shared.FormErrors}) with the input kept, the message beside its field ({@code data-field-error}) or
 * on the form ({@code data-testid="form-errors"}), and never a secret that was typed; nothing is created or started.
 * Before, these forms answered a 400 page or redirected with a flash above an emptied form. One case runs in Chromium
 * and writes docs/images/form-errors.png.
 */
@IntegrationTest
@WithMockUser(username = "admin", roles = "ADMIN")
class PageFormsIntegrationTests {

	private static final Duration PAGE = Duration.ofSeconds(30);

	@Autowired
	WebApplicationContext context;

	@Autowired
	JdbcTemplate jdbc;

	@LocalServerPort
	int port;

	MockMvc mvc;

	ApiClient api;

	String environment;

	@BeforeEach
	void anEnvironment() {
		this.mvc = WebClients.mockMvc(this.context);
		this.api = new ApiClient(port, IntegrationTest.ADMIN_TOKEN);
		this.environment = "pf-" + UUID.randomUUID().toString().substring(0, 8);
		Response created = api.post("/api/v1/environments",
				Map.of("name", environment, "kind", "staging", "cloudProvider", "aws", "region", "eu-central-1"));
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
	}

	@Test
	void aChannelWithABadUrlKeepsTheFormButNotTheSigningSecret() throws Exception {
		String name = "hook-" + UUID.randomUUID().toString().substring(0, 6);
		String secret = "s3cret-signing-key-" + UUID.randomUUID();
		String page = form(post("/notifications/channels").param("name", name)
			.param("type", "WEBHOOK")
			.param("format", "GENERIC")
			.param("url", "ftp://hooks.example.com/x")
			.param("secret", secret)
			.param("eventTypes", "RUN_FAILED")
			.param("environments", environment));
		assertThat(fieldError(page, "url")).contains("must be an http:// or https:// URL");
		assertThat(page).contains("value=\"" + name + "\"").contains("value=\"ftp://hooks.example.com/x\"")
			.containsPattern("<option value=\"GENERIC\" selected")
			.containsPattern("value=\"" + environment + "\"\\s+selected")
			.doesNotContain(secret);
		assertThat(jdbc.queryForObject("select count(*) from notification_channels where name = ?", Long.class, name))
			.isZero();
	}

	@Test
	void inChromiumARefusedChannelShowsTheMessageUnderItsFieldAndAnEmptySecret() {
		assumeTrue(Browser.chromiumInstalled(), "needs chromium and chromium-driver");
		String name = "ops-hook-" + UUID.randomUUID().toString().substring(0, 4);
		try (Browser browser = Browser.start(port)) {
			browser.openAsAdmin("/notifications", IntegrationTest.ADMIN_PASSWORD, PAGE);
			browser.find(By.id("channel-name")).sendKeys(name);
			browser.find(By.id("channel-url")).sendKeys("ftp://hooks.example.com/services/T000");
			browser.find(By.id("channel-secret")).sendKeys("a-signing-secret-of-32-characters");
			browser.clickAndWaitForNewPage(browser.find(Browser.testId("create-channel")), PAGE);

			assertThat(browser.currentPath()).isEqualTo("/notifications/channels");
			WebElement url = browser.find(By.id("channel-url"));
			assertThat(url.getDomProperty("className")).contains("is-invalid");
			assertThat(url.getDomProperty("value")).isEqualTo("ftp://hooks.example.com/services/T000");
			assertThat(browser.find(By.cssSelector("[data-field-error='url']")).isDisplayed()).isTrue();
			assertThat(browser.find(By.cssSelector("[data-field-error='url']")).getText())
				.isEqualTo("must be an http:// or https:// URL");
			assertThat(browser.find(By.id("channel-name")).getDomProperty("value")).isEqualTo(name);
			assertThat(browser.find(By.id("channel-secret")).getDomProperty("value")).isEmpty();
			browser.script("arguments[0].scrollIntoView({block: 'center', behavior: 'instant'});",
					browser.find(Browser.testId("channel-form")));
			browser.screenshot(DocsOutput.directory("images").resolve("form-errors.png"));
			assertThat(browser.consoleProblems()).isEmpty();
		}
	}

	@Test
	void aShortPasswordOrATakenUserNameKeepsTheNameButNotThePassword() throws Exception {
		String name = "ursula-" + UUID.randomUUID().toString().substring(0, 6);
		String page = form(post("/users").param("username", name).param("password", "short-pw").param("role",
				"OPERATOR"));
		assertThat(fieldError(page, "password")).contains("12");
		assertThat(page).contains("value=\"" + name + "\"").containsPattern("<option value=\"OPERATOR\" selected")
			.doesNotContain("short-pw");

		String taken = form(post("/users").param("username", "admin")
			.param("password", "a-long-enough-password")
			.param("role", "VIEWER"));
		assertThat(fieldError(taken, "username")).contains("User 'admin' exists");
		assertThat(taken).doesNotContain("a-long-enough-password");
	}

	@Test
	void aCriticalUpdateWithoutPackagesKeepsTheModeAndStartsNothing() throws Exception {
		String page = form(post("/environments/" + environment + "/patching").param("mode", "critical")
			.param("packages", "")
			.param("cves", "")
			.param("check", "true"));
		assertThat(fieldError(page, "packages")).contains("at least one package or CVE");
		assertThat(page).containsPattern("<option value=\"critical\" selected")
			.containsPattern("id=\"check\" name=\"check\" value=\"true\"\\s+checked");
	}

	@Test
	void lettersOrAnInvertedPairInTheHealthThresholdsKeepTheValues() throws Exception {
		// a number input cannot show letters: the field is empty with its message, the other values are kept
		String page = form(thresholds("abc", "91"));
		assertThat(fieldError(page, "diskWarnPercent")).isEqualTo("must be a number");
		assertThat(page).contains("name=\"diskCriticalPercent\" value=\"91.0\"")
			.contains("name=\"loadCriticalPerCpu\" value=\"2.5\"");

		String inverted = form(thresholds("95", "91"));
		assertThat(fieldError(inverted, "diskWarnPercent")).isNotBlank();
		assertThat(inverted).contains("name=\"diskWarnPercent\" value=\"95.0\"");
		assertThat(api.get("/api/v1/environments/" + environment + "/health-thresholds").json()
			.path("diskWarnPercent").asDouble()).isEqualTo(80.0);
	}

	@Test
	void aDrillThatCannotStartSaysWhyOnTheDrillsPage() throws Exception {
		String page = form(post("/environments/" + environment + "/drills").param("type", "full"));
		assertThat(page).contains("data-testid=\"form-errors\"").contains("has no drill settings");
	}

	@Test
	void aTokenForAnEnvironmentListThatIsRefusedKeepsItsName() throws Exception {
		String name = "ci " + UUID.randomUUID().toString().substring(0, 6);
		String page = form(post("/tokens").param("name", name)
			.param("role", "VIEWER")
			.param("expiresInDays", "abc")
			.param("environments", environment));
		assertThat(fieldError(page, "expiresInDays")).isEqualTo("must be a whole number");
		assertThat(page).contains("value=\"" + name + "\"").contains("value=\"" + environment + "\"");
	}

	@Test
	void anEnvironmentWithoutBackupStorageIsSaidSoNotAStorageNotFound() throws Exception {
		Response none = api.get("/api/v1/environments/" + environment + "/backup-storage");
		assertThat(none.status()).isEqualTo(404);
		assertThat(none.json().path("detail").asString())
			.isEqualTo("environment '" + environment + "' has no backup storage configured");
		String page = this.mvc.perform(post("/environments/" + environment + "/backups/storage/delete").with(csrf()))
			.andReturn()
			.getResponse()
			.getContentAsString();
		assertThat(page).contains("environment &#39;" + environment + "&#39; has no backup storage configured")
			.doesNotContain("not found");
	}

	private MockHttpServletRequestBuilder thresholds(String diskWarn, String diskCritical) {
		return post("/environments/" + environment + "/health-thresholds").param("diskWarnPercent", diskWarn)
			.param("diskCriticalPercent", diskCritical)
			.param("memoryWarnPercent", "90")
			.param("loadWarnPerCpu", "1")
			.param("loadCriticalPerCpu", "2.5");
	}

	/** Posts a form and returns the page, asserting it is the form again: 200, not a redirect or an error page. */
	private String form(MockHttpServletRequestBuilder request) throws Exception {
		var response = this.mvc.perform(request.with(csrf())).andReturn().getResponse();
		String page = response.getContentAsString();
		assertThat(response.getStatus()).as(page).isEqualTo(200);
		assertThat(page).contains("<form").doesNotContain("Something went wrong");
		return page;
	}

	/** @return the text of the field's message ({@code fragments/forms :: fieldError}), or fails */
	private static String fieldError(String page, String field) {
		java.util.regex.Matcher matcher = java.util.regex.Pattern
			.compile("data-field-error=\"" + field + "\"[^>]*>([^<]*)<")
			.matcher(page);
		assertThat(matcher.find()).as("a message for " + field + " in:\n" + page).isTrue();
		return org.springframework.web.util.HtmlUtils.htmlUnescape(matcher.group(1)).strip();
	}

}
