package io.opsdeck.approvals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;

import io.opsdeck.identity.internal.TokenValues;
import io.opsdeck.support.ApiClient;
import io.opsdeck.support.ApiClient.Response;
import io.opsdeck.support.Concurrently;
import io.opsdeck.support.Browser;
import io.opsdeck.support.DocsOutput;
import io.opsdeck.support.IntegrationTest;
import io.opsdeck.support.SshKeygen;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.crypto.password.PasswordEncoder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Approvals by a second admin on the real application (docs/approvals.md): a security update in a production
 * environment that requires approvals becomes a pending request (202, no run); the requester cannot approve it, not
 * even through another of their tokens; a second admin's approval launches the real run as the requester, with the
 * approver in its label; rejection, expiry, a launch that fails at approval time, two admins approving at once (one
 * run), and the old rule once the policy is off. The update runs against 127.0.0.134:9, where nothing listens: a
 * real {@code ansible-playbook} run that ends at once, harmlessly.
 */
@IntegrationTest
class ApprovalsIntegrationTests {

	private static final String NOBODY = "127.0.0.134";

	private static final Map<String, Object> UPDATE = Map.of("mode", "security");

	@TempDir
	static Path keys;

	private static String suffix;

	private static String credentialId;

	@LocalServerPort
	int port;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	PasswordEncoder passwordEncoder;

	@Autowired
	org.springframework.web.context.WebApplicationContext context;

	ApiClient admin;

	@BeforeAll
	static void names() {
		suffix = UUID.randomUUID().toString().substring(0, 6);
	}

	@BeforeEach
	void setUp() throws Exception {
		admin = new ApiClient(port, IntegrationTest.ADMIN_TOKEN);
		if (credentialId == null) {
			SshKeygen.Key key = SshKeygen.generate(Files.createDirectories(keys.resolve("k")), "id", "ed25519", 0, null,
					"");
			credentialId = created(admin.post("/api/v1/credentials",
					Map.of("name", "appr-key-" + suffix, "type", "ssh-key", "privateKey", key.text())));
		}
	}

	@Test
	void anUpdateWaitsForASecondAdminWhoLaunchesItAsTheRequester() {
		String env = environment("a", true);
		String alice = createUser("ADMIN");
		ApiClient aliceCli = token(alice, "ADMIN");
		ApiClient aliceOtherToken = token(alice, "ADMIN");
		ApiClient bob = token(createUser("ADMIN"), "ADMIN");

		Response requested = aliceCli.post(updates(env), UPDATE);

		assertThat(requested.status()).as(requested.body()).isEqualTo(202);
		String id = requested.json().path("approvalId").asString();
		assertThat(requested.json().path("status").asString()).isEqualTo("PENDING");
		assertThat(requested.json().path("approval").asString()).isEqualTo("/api/v1/approvals/" + id);
		assertThat(requested.header("Location")).endsWith("/api/v1/approvals/" + id);
		assertThat(runsIn(env)).as("no run before the approval").isZero();
		assertThat(aliceCli.get("/api/v1/approvals?status=pending&environment=" + env).json().get(0).path("id")
			.asString()).isEqualTo(id);

		Response own = aliceOtherToken.post("/api/v1/approvals/" + id + "/approve", Map.of());
		assertThat(own.status()).as(own.body()).isEqualTo(403);
		assertThat(own.json().path("detail").asString()).contains("you requested this launch")
			.contains("API tokens count as you");

		Response approved = bob.post("/api/v1/approvals/" + id + "/approve", Map.of());

		assertThat(approved.status()).as(approved.body()).isEqualTo(200);
		assertThat(approved.json().path("status").asString()).isEqualTo("APPROVED");
		String runId = approved.json().path("runId").asString();
		Response run = admin.get("/api/v1/runs/" + runId);
		assertThat(run.json().path("triggeredBy").asString()).as("launched as the requester")
			.startsWith("token:appr-").isEqualTo(approved.json().path("requestedBy").asString());
		assertThat(run.json().path("label").asString()).startsWith("Security update (security), approved by token:");
		assertThat(run.json().path("label").asString()).endsWith(approved.json().path("decidedBy").asString());
		assertThat(runsIn(env)).isEqualTo(1);
		assertThat(bob.post("/api/v1/approvals/" + id + "/approve", Map.of()).status()).as("once only")
			.isEqualTo(409);
		awaitEnd(runId);
	}

	@Test
	void anOperatorRequestsAViewerCannotAndAnAdminRejectsWithAReason() {
		String env = environment("r", true);
		ApiClient operator = token(createUser("OPERATOR"), "OPERATOR");
		ApiClient viewer = token(createUser("VIEWER"), "VIEWER");
		ApiClient bob = token(createUser("ADMIN"), "ADMIN");

		Response requested = operator.post(updates(env), Map.of("mode", "full", "reboot", true));
		assertThat(requested.status()).as(requested.body()).isEqualTo(202);
		String id = requested.json().path("approvalId").asString();
		assertThat(admin.get("/api/v1/approvals/" + id).json().path("payload").path("reboot").asBoolean()).isTrue();
		assertThat(viewer.post(updates(env), UPDATE).status()).isEqualTo(403);
		assertThat(operator.post("/api/v1/approvals/" + id + "/approve", Map.of()).status()).as("no ADMIN")
			.isEqualTo(403);
		Response noReason = bob.post("/api/v1/approvals/" + id + "/reject", Map.of("reason", " "));
		assertThat(noReason.status()).isEqualTo(400);
		assertThat(noReason.json().path("errors").get(0).path("field").asString()).isEqualTo("reason");

		Response rejected = bob.post("/api/v1/approvals/" + id + "/reject", Map.of("reason", "not during the sale"));

		assertThat(rejected.status()).as(rejected.body()).isEqualTo(200);
		assertThat(rejected.json().path("status").asString()).isEqualTo("REJECTED");
		assertThat(rejected.json().path("reason").asString()).isEqualTo("not during the sale");
		assertThat(bob.post("/api/v1/approvals/" + id + "/approve", Map.of()).status()).isEqualTo(409);
		assertThat(runsIn(env)).isZero();
	}

	/**
	 * The requester takes back their own pending request (API and page): nobody else may (403, an ADMIN rejects
	 * instead), and once it is no longer pending a withdrawal is a 409. Audited like approve and reject.
	 */
	@Test
	void theRequesterWithdrawsTheirPendingRequestAndNobodyElseMay() throws Exception {
		String env = environment("w", true);
		String olivia = createUser("OPERATOR");
		ApiClient oliviaCli = token(olivia, "OPERATOR");
		ApiClient oliviaOtherToken = token(olivia, "OPERATOR");
		ApiClient otherOperator = token(createUser("OPERATOR"), "OPERATOR");
		String id = oliviaCli.post(updates(env), UPDATE).json().path("approvalId").asString();
		String withdraw = "/api/v1/approvals/" + id + "/withdraw";

		Response notTheirs = otherOperator.post(withdraw, Map.of());
		assertThat(notTheirs.status()).as(notTheirs.body()).isEqualTo(403);
		assertThat(notTheirs.json().path("detail").asString()).contains("only the requester");
		assertThat(admin.post(withdraw, Map.of()).status()).as("an ADMIN rejects instead").isEqualTo(403);
		assertThat(admin.get("/api/v1/approvals/" + id).json().path("status").asString()).isEqualTo("PENDING");

		Response withdrawn = oliviaOtherToken.post(withdraw, Map.of());

		assertThat(withdrawn.status()).as(withdrawn.body()).isEqualTo(200);
		assertThat(withdrawn.json().path("status").asString()).isEqualTo("WITHDRAWN");
		assertThat(withdrawn.json().path("decidedBy").asString()).startsWith("token:appr-");
		assertThat(admin.get("/api/v1/approvals?status=withdrawn&environment=" + env).json()).hasSize(1);
		Response again = oliviaCli.post(withdraw, Map.of());
		assertThat(again.status()).isEqualTo(409);
		assertThat(again.json().path("detail").asString()).contains("already WITHDRAWN");
		assertThat(admin.post("/api/v1/approvals/" + id + "/approve", Map.of()).status()).isEqualTo(409);
		assertThat(runsIn(env)).isZero();
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(jdbc.queryForList(
				"select outcome from audit_events where action = 'POST /api/v1/approvals/{id}/withdraw' and target = ?",
				String.class, "id=" + id)).contains("SUCCESS", "DENIED"));

		// the page: the requester's pending row has the button, and it withdraws
		String pending = oliviaCli.post(updates(env), UPDATE).json().path("approvalId").asString();
		org.springframework.test.web.servlet.MockMvc mvc = io.opsdeck.support.WebClients.mockMvc(context);
		String page = mvc.perform(get("/approvals").with(user(olivia).roles("OPERATOR")))
			.andReturn().getResponse().getContentAsString();
		assertThat(page).contains("/approvals/" + pending + "/withdraw");
		String adminsPage = mvc.perform(get("/approvals").with(user("admin").roles("ADMIN")))
			.andReturn().getResponse().getContentAsString();
		assertThat(adminsPage).doesNotContain("/approvals/" + pending + "/withdraw");
		mvc.perform(post("/approvals/" + pending + "/withdraw").with(user(olivia).roles("OPERATOR")).with(csrf()))
			.andExpect(redirectedUrl("/approvals"))
			.andExpect(flash().attribute("flash", org.hamcrest.Matchers.startsWith("Withdrawn: ")));
		assertThat(admin.get("/api/v1/approvals/" + pending).json().path("status").asString()).isEqualTo("WITHDRAWN");
	}

	@Test
	void aRequestExpiresAndAFailedLaunchIsRecorded() {
		String env = environment("e", true);
		ApiClient operator = token(createUser("OPERATOR"), "OPERATOR");
		String expiring = operator.post(updates(env), UPDATE).json().path("approvalId").asString();
		String failing = operator.post(updates(env), UPDATE).json().path("approvalId").asString();
		jdbc.update("update approval_requests set expires_at = now() - interval '1 second' where id = ?",
				UUID.fromString(expiring));

		Response late = admin.post("/api/v1/approvals/" + expiring + "/approve", Map.of());
		assertThat(late.status()).as(late.body()).isEqualTo(409);
		assertThat(late.json().path("detail").asString()).contains("expired");
		assertThat(admin.get("/api/v1/approvals/" + expiring).json().path("status").asString()).isEqualTo("EXPIRED");

		// the environment lost its only server since the request: the launch fails at approval time
		jdbc.update("delete from servers where environment_id = (select id from environments where name = ?)", env);
		Response failed = admin.post("/api/v1/approvals/" + failing + "/approve", Map.of());

		assertThat(failed.status()).as(failed.body()).isEqualTo(409);
		assertThat(failed.json().path("status").asString()).isEqualTo("FAILED");
		Response stored = admin.get("/api/v1/approvals/" + failing);
		assertThat(stored.json().path("status").asString()).isEqualTo("FAILED");
		assertThat(stored.json().path("reason").asString()).startsWith("the launch failed: ").contains("no servers");
		assertThat(runsIn(env)).isZero();
	}

	@Test
	void aProvisionRunWaitsButItsCheckModeDoesNotAndABusyEnvironmentFailsTheApprovedLaunch() {
		String env = environment("v", true);
		String serverId = admin.get("/api/v1/servers?environment=" + env).json().path("items").get(0).path("id")
			.asString();
		ApiClient operator = token(createUser("OPERATOR"), "OPERATOR");
		String provision = "/api/v1/servers/" + serverId + "/provision";
		Map<String, Object> security = Map.of("tags", List.of("security"));

		String first = operator.post(provision, security).json().path("approvalId").asString();
		Response check = operator.post(provision, Map.of("tags", List.of("security"), "check", true));
		assertThat(check.status()).as("check mode runs at once").isEqualTo(202);
		assertThat(check.json().path("status").asString()).isEqualTo("QUEUED");

		// the check run holds the environment: the approved launch fails now, and says why
		Response busy = admin.post("/api/v1/approvals/" + first + "/approve", Map.of());
		assertThat(busy.status()).as(busy.body()).isEqualTo(409);
		assertThat(admin.get("/api/v1/approvals/" + first).json().path("reason").asString())
			.startsWith("the launch failed: ");
		awaitEnd(check.json().path("id").asString());

		Response requested = operator.post(provision, security);
		assertThat(requested.status()).as(requested.body()).isEqualTo(202);
		Response approved = admin.post("/api/v1/approvals/" + requested.json().path("approvalId").asString()
				+ "/approve", Map.of());
		assertThat(approved.status()).as(approved.body()).isEqualTo(200);
		String runId = approved.json().path("runId").asString();
		assertThat(admin.get("/api/v1/runs/" + runId).json().path("label").asString())
			.isEqualTo("Provision " + env + "-web (security), approved by token:bootstrap");
		awaitEnd(runId);
	}

	@Test
	void twoAdminsApprovingAtOnceLaunchOnce() throws Exception {
		String env = environment("c", true);
		String id = token(createUser("OPERATOR"), "OPERATOR").post(updates(env), UPDATE).json().path("approvalId")
			.asString();
		List<ApiClient> approvers = List.of(token(createUser("ADMIN"), "ADMIN"), token(createUser("ADMIN"), "ADMIN"));
		CountDownLatch start = new CountDownLatch(1);
		List<CompletableFuture<Response>> answers = new ArrayList<>();
		for (ApiClient approver : approvers) {
			answers.add(CompletableFuture.supplyAsync(() -> {
				try {
					start.await();
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
				return approver.post("/api/v1/approvals/" + id + "/approve", Map.of());
			}, Concurrently.THREAD_PER_TASK));
		}
		start.countDown();
		List<Integer> statuses = new ArrayList<>();
		String runId = null;
		for (CompletableFuture<Response> answer : answers) {
			Response response = answer.get();
			statuses.add(response.status());
			if (response.status() == 200) {
				runId = response.json().path("runId").asString();
			}
		}

		assertThat(statuses).containsExactlyInAnyOrder(200, 409);
		assertThat(runsIn(env)).isEqualTo(1);
		awaitEnd(runId);
	}

	@Test
	void withoutThePolicyProductionStillNeedsAnAdminAndOnlyAnAdminChangesThePolicy() {
		String env = environment("o", false);
		ApiClient operator = token(createUser("OPERATOR"), "OPERATOR");
		assertThat(admin.get(policy(env)).json().path("approvalRequired").asBoolean()).isFalse();

		Response refused = operator.post(updates(env), UPDATE);
		assertThat(refused.status()).as(refused.body()).isEqualTo(403);
		assertThat(refused.json().path("detail").asString()).contains("production");
		assertThat(operator.put(policy(env), Map.of("approvalRequired", true)).status()).isEqualTo(403);
		Response invalid = admin.put(policy(env), Map.of("approvalRequired", "perhaps"));
		assertThat(invalid.status()).as(invalid.body()).isEqualTo(400);
		assertThat(invalid.body()).contains("approvalRequired");
		assertThat(admin.put(policy("no-such-env-" + suffix), Map.of("approvalRequired", true)).status())
			.isEqualTo(404);
		assertThat(admin.get("/api/v1/approvals?status=maybe").status()).isEqualTo(400);

		Response started = admin.post(updates(env), UPDATE);
		assertThat(started.status()).as("an ADMIN runs at once, as before").isEqualTo(201);
		assertThat(runsIn(env)).isEqualTo(1);
		awaitEnd(started.json().path("runId").asString());
	}

	@Test
	@Tag("browser")
	void theUpdatePageWaitsForApprovalAndTheApprovalsPageApproves() {
		assumeTrue(Browser.chromiumInstalled(), "needs chromium and chromium-driver");
		String env = environment("p", true);
		String alicesRequest = token(createUser("ADMIN"), "ADMIN").post(updates(env), UPDATE).json()
			.path("approvalId").asString();
		String rejected = token(createUser("OPERATOR"), "OPERATOR")
			.post(updates(env), Map.of("mode", "full", "reboot", true)).json().path("approvalId").asString();
		admin.post("/api/v1/approvals/" + rejected + "/reject", Map.of("reason", "full upgrade after the release"));
		Duration page = Duration.ofSeconds(20);
		try (Browser browser = Browser.start(port)) {
			browser.consoleProblems();
			browser.openAsAdmin("/environments/" + env + "/patching", IntegrationTest.ADMIN_PASSWORD, page);

			assertThat(browser.find(Browser.testId("approval-required")).getText()).startsWith("Approval required.");
			browser.click(browser.find(Browser.testId("run-update")));
			browser.driver().switchTo().alert().accept(); // the form's "Run a security update on every server?"
			browser.await(page, ExpectedConditions.urlContains("/approvals?requested="));

			assertThat(browser.currentPath()).startsWith("/approvals?requested=");
			assertThat(browser.find(Browser.testId("waiting")).getText()).startsWith("Waiting for approval.")
				.contains("Security update (security) of " + env);
			String mine = browser.currentPath().substring("/approvals?requested=".length());
			assertThat(row(browser, mine).findElement(Browser.testId("waiting-badge")).getText())
				.isEqualTo("Waiting for approval");
			assertThat(row(browser, mine).findElements(Browser.testId("approve"))).as("not one's own").isEmpty();
			assertThat(row(browser, rejected).getDomAttribute("data-status")).isEqualTo("REJECTED");
			browser.open("/approvals?environment=" + env + "&requested=" + mine);
			browser.screenshot(DocsOutput.directory("images").resolve("approvals.png"));

			browser.clickAndWaitForNewPage(row(browser, alicesRequest).findElement(Browser.testId("approve")), page);

			assertThat(browser.currentPath()).startsWith("/runs/");
			awaitEnd(browser.currentPath().substring("/runs/".length()));

			String serverId = admin.get("/api/v1/servers?environment=" + env).json().path("items").get(0).path("id")
				.asString();
			for (String launchPage : List.of("/environments/" + env + "/drills", "/environments/" + env + "/backups",
					"/servers/" + serverId + "/provisioning")) {
				browser.open(launchPage);
				assertThat(browser.findAll(Browser.testId("approval-required"))).as(launchPage).hasSize(1);
			}
			assertThat(browser.consoleProblems()).as("console errors and CSP violations").isEmpty();
		}
	}

	private static WebElement row(Browser browser, String approvalId) {
		return browser.find(By.cssSelector("tr[data-approval='" + approvalId + "']"));
	}

	private String environment(String prefix, boolean approvals) {
		String name = "appr-" + prefix + "-" + suffix;
		Response created = admin.post("/api/v1/environments",
				Map.of("name", name, "kind", "production", "cloudProvider", "aws", "region", "eu-west-1"));
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		Map<String, Object> server = new LinkedHashMap<>();
		server.put("name", name + "-web");
		server.put("host", NOBODY);
		server.put("port", 9);
		server.put("username", "deploy");
		server.put("environment", name);
		server.put("credentialId", credentialId);
		server.put("hostKeyPolicy", "trust-on-first-use");
		created(admin.post("/api/v1/servers", server));
		if (approvals) {
			Response saved = admin.put(policy(name), Map.of("approvalRequired", true));
			assertThat(saved.status()).as(saved.body()).isEqualTo(200);
			assertThat(saved.json().path("approvalRequired").asBoolean()).isTrue();
		}
		return name;
	}

	private static String policy(String environment) {
		return "/api/v1/environments/" + environment + "/approval-policy";
	}

	private static String updates(String environment) {
		return "/api/v1/environments/" + environment + "/security-updates";
	}

	private long runsIn(String environment) {
		return admin.get("/api/v1/runs?environment=" + environment).json().path("totalItems").asLong();
	}

	private void awaitEnd(String runId) {
		await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(300))
			.until(() -> !List.of("QUEUED", "RUNNING")
				.contains(admin.get("/api/v1/runs/" + runId).json().path("status").asString()));
	}

	private String createUser(String role) {
		String username = "appr-" + role.toLowerCase() + "-" + UUID.randomUUID().toString().substring(0, 8);
		jdbc.update("insert into users (id, username, password_hash, role, enabled, created_at) "
				+ "values (?, ?, ?, ?, true, now())", UUID.randomUUID(), username, passwordEncoder.encode(username),
				role);
		return username;
	}

	/** @return a client with a new token of {@code owner} */
	private ApiClient token(String owner, String role) {
		String value = TokenValues.generate();
		jdbc.update("insert into api_tokens (id, name, token_hash, token_prefix, role, owner, created_at) "
				+ "values (?, ?, ?, ?, ?, ?, now())", UUID.randomUUID(),
				"appr-" + UUID.randomUUID().toString().substring(0, 8), TokenValues.hash(value),
				TokenValues.prefix(value), role, owner);
		return admin.withToken(value);
	}

	private static String created(Response response) {
		assertThat(response.status()).as(response.body()).isEqualTo(201);
		return response.json().path("id").asString();
	}

}
