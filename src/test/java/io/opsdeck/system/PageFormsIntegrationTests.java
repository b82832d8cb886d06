package io.opsdeck.system;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import io.opsdeck.identity.internal.TokenValues;
import io.opsdeck.support.ApiClient;
import io.opsdeck.support.ApiClient.Response;
import io.opsdeck.support.Browser;
import io.opsdeck.support.DocsOutput;
import io.opsdeck.support.IntegrationTest;
import io.opsdeck.support.SshKeygen;
import io.opsdeck.support.WebClients;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
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

		// both wrong: both messages at once, not the name's first and the password's after the next try
		String both = form(post("/users").param("username", "no spaces").param("password", "short").param("role",
				"VIEWER"));
		assertThat(fieldError(both, "username")).startsWith("must be 1 to 64 letters");
		assertThat(fieldError(both, "password")).isEqualTo("must be 12 to 72 characters");
		assertThat(both).contains("value=\"no spaces\"");
		// a role the select does not offer (only by tampering): the allowed values, not "is not a valid value"
		String role = form(post("/users").param("username", "olivia-role").param("password", "a-long-enough-password")
			.param("role", "SUPERUSER"));
		assertThat(fieldError(role, "role")).isEqualTo("must be VIEWER, OPERATOR or ADMIN");
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

	/**
	 * The time zone suggestions of the schedule form each carried the template's sample label "UTC", so a browser
	 * offered "Europe/Berlin UTC", "Asia/Tokyo UTC", … (found in round 14's new-user pass).
	 */
	@Test
	void theTimeZoneSuggestionsOfTheScheduleFormAreLabelledWithTheirOwnName() throws Exception {
		String page = this.mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders
			.get("/schedules/new"))
			.andReturn()
			.getResponse()
			.getContentAsString();
		assertThat(page).contains("<option value=\"Europe/Berlin\">Europe/Berlin</option>")
			.doesNotContain(">UTC</option><option value=\"Africa/Accra\"");
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

	// Round 9: the forms that still answered a flash message or a 400 page (users' rows, backups clean-up, logs
	// vacuum, schedule presets and parameters, approvals' reject, maintenance notes, provisioning tags).

	@Test
	void aProvisionWithATagWhoseSettingsAreMissingKeepsTheTicksAndStartsNothing(@TempDir Path keys) throws Exception {
		String server = sshServer(keys);
		String page = form(post("/servers/" + server + "/provision").param("tags", "ssl")
			.param("tags", "security")
			.param("check", "true"));
		assertThat(fieldError(page, "tags")).contains("tag 'ssl' needs the provisioning setting 'domainName'");
		assertThat(page).containsPattern("value=\"ssl\" id=\"tag-ssl\"[^>]*checked")
			.containsPattern("value=\"security\" id=\"tag-security\"[^>]*checked")
			.doesNotContainPattern("value=\"docker\" id=\"tag-docker\"[^>]*checked")
			.containsPattern("id=\"check\"[^>]*checked");
		assertThat(runs()).isZero();
	}

	@Test
	void aVacuumOutOfRangeOrWithLettersKeepsTheDaysAndStartsNothing() throws Exception {
		String server = localServer();
		String page = form(post("/servers/" + server + "/logs/vacuum").param("days", "0"));
		assertThat(fieldError(page, "days")).isEqualTo("must be from 1 to 3650");
		assertThat(page).containsPattern("id=\"days\"[^>]*value=\"0\"");
		// letters: the number input shows nothing (it cannot hold letters), with the binding message
		String letters = form(post("/servers/" + server + "/logs/vacuum").param("days", "ten"));
		assertThat(fieldError(letters, "days")).isEqualTo("must be a whole number");
		// an emptied field is refused, not taken as the default of 30
		String empty = form(post("/servers/" + server + "/logs/vacuum").param("days", ""));
		assertThat(fieldError(empty, "days")).isEqualTo("enter a number of days, from 1 to 3650");
		assertThat(runs()).isZero();
	}

	@Test
	void aCleanupPreviewOutOfRangeKeepsBothValues() throws Exception {
		Response storage = api.put("/api/v1/environments/" + environment + "/backup-storage",
				Map.of("provider", "s3", "endpoint", "http://127.0.0.1:9", "region", "us-east-1", "bucket",
						"pf-bucket", "prefix", environment, "pathStyle", true, "accessKeyId", "pf-access",
						"secretAccessKey", "pf-secret-access-key-0123456789"));
		assertThat(storage.status()).as(storage.toString()).isEqualTo(200);
		String page = form(post("/environments/" + environment + "/backups/cleanup").param("retentionDays", "0")
			.param("keepNewest", "7"));
		assertThat(fieldError(page, "retentionDays")).isEqualTo("must be between 1 and 3650 days");
		assertThat(page).containsPattern("id=\"retentionDays\"[^>]*value=\"0\"")
			.containsPattern("id=\"keepNewest\"[^>]*value=\"7\"")
			.doesNotContain("data-testid=\"cleanup-plan\"");
	}

	@Test
	void presetsWithAnUnknownTimeZoneKeepTheFormAndAddNothing() throws Exception {
		String page = form(post("/schedules/presets").param("environment", environment)
			.param("timeZone", "Mars/Olympus_Mons"));
		assertThat(fieldError(page, "timeZone")).contains("Mars/Olympus_Mons");
		assertThat(page).contains("value=\"Mars/Olympus_Mons\"")
			.containsPattern("value=\"" + environment + "\"\\s+selected");
		assertThat(schedules()).isZero();
	}

	@Test
	void aScheduleWithABadParameterSaysSoUnderThatParameter() throws Exception {
		String name = "pf verify " + UUID.randomUUID().toString().substring(0, 6);
		String page = form(post("/schedules/new").param("name", name)
			.param("environment", environment)
			.param("action", "backup-verify")
			.param("cron", "0 0 6 * * ?")
			.param("timeZone", "UTC")
			.param("misfirePolicy", "fire-once")
			.param("recoveryPolicy", "none")
			.param("recoveryWindowMinutes", "60")
			.param("maxAgeHours", "0"));
		assertThat(fieldError(page, "maxAgeHours")).contains("maxAgeHours must be");
		assertThat(page).contains("value=\"" + name + "\"").containsPattern("id=\"maxAgeHours\"[^>]*value=\"0\"");
		assertThat(schedules()).isZero();
	}

	/** A step of 0 was saved and fired every minute (Quartz reads 0/0 as 0); refused under the cron field. */
	@Test
	void aCronStepOfZeroIsRefusedUnderTheCronField() throws Exception {
		String name = "pf zero " + UUID.randomUUID().toString().substring(0, 6);
		String page = form(post("/schedules/new").param("name", name)
			.param("environment", environment)
			.param("action", "health-check")
			.param("cron", "0/0 * * * * ?")
			.param("timeZone", "UTC")
			.param("misfirePolicy", "fire-once")
			.param("recoveryPolicy", "none")
			.param("recoveryWindowMinutes", "60"));
		assertThat(fieldError(page, "cron")).contains("step of 0 in its seconds field").contains("at least 1");
		assertThat(page).contains("value=\"" + name + "\"").contains("value=\"0/0 * * * * ?\"");
		assertThat(schedules()).isZero();
	}

	@Test
	void lettersInAScheduleNumberFieldEmptyThatFieldInsteadOfShowingItsDefault() throws Exception {
		// a number input cannot show letters: before, the field showed the form's default (3 backups) beside
		// "must be a whole number", a valid-looking value flagged as wrong; the other number keeps what was typed
		String name = "pf cleanup " + UUID.randomUUID().toString().substring(0, 6);
		String page = form(post("/schedules/new").param("name", name)
			.param("environment", environment)
			.param("action", "backup-cleanup")
			.param("cron", "0 0 3 * * ?")
			.param("timeZone", "UTC")
			.param("misfirePolicy", "fire-once")
			.param("recoveryPolicy", "none")
			.param("recoveryWindowMinutes", "60")
			.param("retentionDays", "40")
			.param("keepNewest", "three"));
		assertThat(fieldError(page, "keepNewest")).isEqualTo("must be a whole number");
		assertThat(page).containsPattern("id=\"keepNewest\"[^>]*value=\"\"")
			.containsPattern("id=\"retentionDays\"[^>]*value=\"40\"")
			.contains("value=\"" + name + "\"");
		assertThat(schedules()).isZero();
	}

	@Test
	void aUserRowThatIsRefusedComesBackInItsRowWithTheMessageUnderTheField() throws Exception {
		String name = "pf-user-" + UUID.randomUUID().toString().substring(0, 6);
		Response created = api.post("/api/v1/users",
				Map.of("username", name, "password", "a-long-enough-password", "role", "VIEWER"));
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		String hash = jdbc.queryForObject("select password_hash from users where username = ?", String.class, name);

		String password = form(post("/users/" + name + "/password").param("password", "short-pw"));
		assertThat(row(password, name)).contains("data-field-error=\"password\"");
		assertThat(fieldError(password, "password")).contains("12");
		assertThat(password).doesNotContain("short-pw");
		assertThat(jdbc.queryForObject("select password_hash from users where username = ?", String.class, name))
			.isEqualTo(hash);

		String role = form(post("/users/" + name).param("role", "ROOT").param("enabled", "true"));
		assertThat(row(role, name)).contains("data-field-error=\"role\"");
		assertThat(fieldError(role, "role")).isEqualTo("must be VIEWER, OPERATOR or ADMIN");

		String grant = form(post("/users/" + name + "/grants").param("environment", "Not An Env")
			.param("role", "ADMIN"));
		assertThat(row(grant, name)).contains("value=\"Not An Env\"")
			.containsPattern("<option value=\"ADMIN\" selected");
		assertThat(fieldError(grant, "environment")).contains("lower-case letters");
		assertThat(jdbc.queryForObject("select count(*) from role_grants where username = ?", Long.class, name))
			.isZero();
		assertThat(jdbc.queryForObject("select role from users where username = ?", String.class, name))
			.isEqualTo("VIEWER");
	}

	@Test
	void inChromiumARefusedRowFormShowsItsMessageInThatRowOnly() {
		assumeTrue(Browser.chromiumInstalled(), "needs chromium and chromium-driver");
		String name = "pf-row-" + UUID.randomUUID().toString().substring(0, 6);
		Response created = api.post("/api/v1/users",
				Map.of("username", name, "password", "a-long-enough-password", "role", "VIEWER"));
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		try (Browser browser = Browser.start(port)) {
			browser.openAsAdmin("/users", IntegrationTest.ADMIN_PASSWORD, PAGE);
			String row = "tr[data-user='" + name + "'] ";
			browser.find(By.cssSelector(row + "input[name='environment']")).sendKeys("Staging EU");
			browser.clickAndWaitForNewPage(browser.find(By.cssSelector(row + "[data-testid='user-grant'] button")),
					PAGE);

			WebElement environment = browser.find(By.cssSelector(row + "input[name='environment']"));
			assertThat(environment.getDomProperty("value")).isEqualTo("Staging EU");
			assertThat(environment.getDomProperty("className")).contains("is-invalid");
			WebElement message = browser.find(By.cssSelector(row + "[data-field-error='environment']"));
			assertThat(message.isDisplayed()).isTrue();
			assertThat(message.getText()).contains("lower-case letters");
			assertThat(browser.findAll(By.cssSelector("[data-field-error]"))).hasSize(1);
			browser.script("arguments[0].scrollIntoView({block: 'center', behavior: 'instant'});",
					browser.find(By.cssSelector(row)));
			// for a look at the layout, not a docs image
			browser.screenshot(Browser.projectDirectory().resolve("target/form-errors-row.png"));
			assertThat(browser.consoleProblems()).isEmpty();
		}
	}

	@Test
	void aMaintenanceNoteTooLongComesBackInItsRowAndTicksNothing() throws Exception {
		String note = "restored the dump and compared row counts ".repeat(13);
		String page = form(post("/maintenance/test-backup-restoration/done").param("environment", environment)
			.param("note", note)
			.param("filter", environment));
		assertThat(fieldError(page, "note")).startsWith("must be at most 500 characters");
		assertThat(page).contains("value=\"" + note + "\"");
		assertThat(jdbc.queryForObject("select count(*) from maintenance_ticks t join environments e "
				+ "on e.id = t.environment_id where e.name = ?", Long.class, environment)).isZero();
	}

	@Test
	void aRejectionWithoutAUsableReasonComesBackInItsRowAndTheRequestStaysPending(@TempDir Path keys)
			throws Exception {
		sshServer(keys);
		assertThat(api.put("/api/v1/environments/" + environment + "/approval-policy",
				Map.of("approvalRequired", true)).status()).isEqualTo(200);
		Response requested = operator().post("/api/v1/environments/" + environment + "/security-updates",
				Map.of("mode", "security"));
		assertThat(requested.status()).as(requested.toString()).isEqualTo(202);
		String id = requested.json().path("approvalId").asString();

		String reason = "not during the sale, ".repeat(25);
		String page = form(post("/approvals/" + id + "/reject").param("reason", reason));
		assertThat(fieldError(page, "reason")).isEqualTo("must be at most 500 characters");
		assertThat(page).contains("value=\"" + reason + "\"");
		assertThat(api.get("/api/v1/approvals/" + id).json().path("status").asString()).isEqualTo("PENDING");
	}

	/** @return a server of the environment on an SSH connection (nothing listens: nothing may connect to it) */
	private String sshServer(Path keys) {
		SshKeygen.Key key = SshKeygen.generate(keys, "pf", "ed25519", 0, null, "");
		Response credential = api.post("/api/v1/credentials",
				Map.of("name", environment + "-key", "type", "ssh-key", "privateKey", key.text()));
		assertThat(credential.status()).as(credential.toString()).isEqualTo(201);
		Response server = api.post("/api/v1/servers",
				Map.of("name", environment + "-web", "host", "127.0.0.139", "port", 9, "username", "deploy",
						"environment", environment, "connection", "ssh", "hostKeyPolicy", "trust-on-first-use",
						"credentialId", credential.json().path("id").asString()));
		assertThat(server.status()).as(server.toString()).isEqualTo(201);
		return server.json().path("id").asString();
	}

	private String localServer() {
		Response server = api.post("/api/v1/servers", Map.of("name", environment + "-local", "host", "127.0.0.1",
				"username", "root", "environment", environment, "connection", "local"));
		assertThat(server.status()).as(server.toString()).isEqualTo(201);
		return server.json().path("id").asString();
	}

	/** @return a client of a new OPERATOR, who may ask for what an ADMIN approves */
	private ApiClient operator() {
		String username = "pf-op-" + UUID.randomUUID().toString().substring(0, 8);
		jdbc.update("insert into users (id, username, password_hash, role, enabled, created_at) "
				+ "values (?, ?, 'no-sign-in', 'OPERATOR', true, now())", UUID.randomUUID(), username);
		String value = TokenValues.generate();
		jdbc.update("insert into api_tokens (id, name, token_hash, token_prefix, role, owner, created_at) "
				+ "values (?, ?, ?, ?, 'OPERATOR', ?, now())", UUID.randomUUID(), username, TokenValues.hash(value),
				TokenValues.prefix(value), username);
		return api.withToken(value);
	}

	private long runs() {
		return api.get("/api/v1/runs?environment=" + environment).json().path("totalItems").asLong();
	}

	private long schedules() {
		return jdbc.queryForObject("select count(*) from schedules s join environments e on e.id = s.environment_id "
				+ "where e.name = ?", Long.class, environment);
	}

	/** @return the users page's row of {@code username} */
	private static String row(String page, String username) {
		int start = page.indexOf("data-user=\"" + username + "\"");
		assertThat(start).as("a row for " + username).isPositive();
		return page.substring(start, page.indexOf("</tr>", start));
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
