package io.opsdeck;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import io.opsdeck.support.ApiClient;
import io.opsdeck.support.Browser;
import io.opsdeck.support.DocsOutput;
import io.opsdeck.support.IntegrationTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.Alert;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

import org.springframework.boot.test.web.server.LocalServerPort;

import static io.opsdeck.support.Browser.testId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The pages that matter, in a real headless Chromium: sign in, start SSH and Ansible runs from the UI, watch output
 * arrive live over Server-Sent Events, cancel, search, jump to the first failure. Every page must run without a
 * script error or Content Security Policy violation in the console. Saves the screenshots the README shows under
 * {@code docs/images/} (with {@code -Dopsdeck.update-docs=true}; else {@code target/docs/images/}).
 */
@IntegrationTest
@Tag("browser")
class BrowserIntegrationTests {

	private static final Duration PAGE = Duration.ofSeconds(10);

	private static final Duration RUN = Duration.ofSeconds(30);

	private static final Duration PLAYBOOK = Duration.ofSeconds(90);

	private static final Path IMAGES = DocsOutput.directory("images");

	/** Status, duration and visible log lines of the run page, read in one script so all belong to one moment. */
	private static final String RUN_PAGE_STATE = """
			return {
			  status: document.getElementById('run-status').textContent.trim(),
			  duration: Number(document.getElementById('run-duration').textContent),
			  lines: Array.from(document.querySelectorAll('#log-lines .log-line .txt'), (e) => e.textContent)
			};""";

	private static Browser browser;

	@LocalServerPort
	int port;

	@BeforeAll
	static void requireChromium() {
		assumeTrue(Browser.chromiumInstalled(), "needs " + Browser.CHROMIUM + " (apt-get install chromium chromium-driver)");
	}

	@AfterAll
	static void quit() {
		if (browser != null) {
			browser.close();
			browser = null;
		}
	}

	@BeforeEach
	void startBrowser() {
		if (browser == null) {
			browser = Browser.start(port);
		}
		browser.consoleProblems();
	}

	@AfterEach
	void pagesRanWithoutConsoleErrors() {
		assertThat(browser.consoleProblems()).as("browser console errors and CSP violations").isEmpty();
	}

	@Test
	void signInThroughTheFormAndAWrongPasswordIsRefused() {
		browser.driver().manage().deleteAllCookies();
		browser.open("/runs");
		assertThat(browser.currentPath()).startsWith("/login");

		submitLogin("admin", "not-the-password");

		WebElement error = browser.await(PAGE, ExpectedConditions.visibilityOfElementLocated(testId("login-error")));
		assertThat(error.getText()).isEqualTo("Invalid user name or password");
		assertThat(browser.currentPath()).isEqualTo("/login?error");

		submitLogin("admin", IntegrationTest.ADMIN_PASSWORD);

		browser.await(PAGE, ExpectedConditions.textToBe(testId("current-user"), "admin"));
		assertThat(browser.findAll(testId("login-error"))).isEmpty();
		assertThat(browser.currentPath()).doesNotStartWith("/login");
	}

	@Test
	void anSshRunStartedFromTheUiShowsItsOutputLiveAndFlipsItsBadgeWhenItEnds() {
		signedIn();
		startSshRun("for i in $(seq 1 15); do echo \"tick $i\"; sleep 0.4; done");
		browser.script("window.opsdeckSamePage = true;");

		Map<?, ?> live = browser.await(RUN, driver -> {
			Map<?, ?> state = runPageState();
			boolean running = "RUNNING".equals(state.get("status"));
			return running && ticks(state).size() >= 5 && ((Number) state.get("duration")).longValue() >= 1 ? state
					: null;
		});
		browser.screenshot(IMAGES.resolve("run-live.png"));
		assertThat(ticks(live)).startsWith("tick 1", "tick 2", "tick 3", "tick 4", "tick 5");
		assertThat(runPageState().get("status")).as("still running when the screenshot was taken").isEqualTo("RUNNING");
		assertThat(hostRow("localhost").get(1).getText()).as("host badge while running").isEqualTo("PENDING");
		assertThat(browser.find(By.id("follow-switch")).isDisplayed()).as("Follow live while running").isTrue();

		browser.await(RUN, ExpectedConditions.textToBe(By.id("run-status"), "SUCCEEDED"));
		assertThat(browser.script("return window.opsdeckSamePage === true;")).as("no reload").isEqualTo(true);
		assertThat(ticks(runPageState()))
			.containsExactlyElementsOf(IntStream.rangeClosed(1, 15).mapToObj(i -> "tick " + i).toList());
		assertThat(browser.find(By.id("run-exit")).getText()).isEqualTo("0");
		assertThat(browser.findAll(testId("cancel-run"))).as("no Cancel button on an ended run").isEmpty();
		assertThat(browser.find(By.id("follow-switch")).isDisplayed()).as("no Follow live once it ended").isFalse();
		List<WebElement> host = hostRow("localhost");
		assertThat(host).extracting(WebElement::getText).containsExactly("localhost", "SUCCEEDED", "0", "");
		browser.driver().navigate().refresh();
		browser.await(RUN, ExpectedConditions.textToBe(By.id("run-status"), "SUCCEEDED"));
		assertThat(browser.find(By.id("follow-switch")).isDisplayed()).as("nor on an ended run's page").isFalse();
	}

	@Test
	void cancelStopsARunningCommand() {
		signedIn();
		startSshRun("echo begin; sleep 120");
		browser.await(RUN, driver -> lines(runPageState()).contains("begin"));
		assertThat(runPageState().get("status")).isEqualTo("RUNNING");

		browser.click(browser.find(testId("cancel-run")));

		browser.await(RUN, ExpectedConditions.textToBe(By.id("run-status"), "CANCELLED"));
		browser.await(PAGE, ExpectedConditions.invisibilityOfElementLocated(testId("cancel-run")));
		browser.await(PAGE, ExpectedConditions.textToBePresentInElementLocated(By.id("hosts-body"), "CANCELLED"));
	}

	@Test
	void theDashboardHealthCheckRunsThePlaybookAndItsOutputCanBeSearched() {
		signedIn();
		browser.open("/");
		browser.click(browser.find(testId("health-check-demo")));
		browser.await(PAGE, ExpectedConditions.urlMatches("/runs/[0-9a-f-]{36}$"));

		browser.await(PLAYBOOK, ExpectedConditions.textToBe(By.id("run-status"), "SUCCEEDED"));
		browser.await(PAGE, ExpectedConditions.textToBePresentInElementLocated(By.id("hosts-body"), "SUCCEEDED"));
		assertThat(browser.findAll(By.cssSelector("[data-testid='hosts-table'] thead th")))
			.extracting(WebElement::getText)
			.containsExactly("Host", "Status", "ok", "changed", "failed", "unreachable", "skipped", "Message");
		List<WebElement> cells = hostRow("localhost");
		assertThat(cells.get(1).getText()).isEqualTo("SUCCEEDED");
		assertThat(Integer.parseInt(cells.get(2).getText())).as("ok count").isPositive();
		assertThat(Integer.parseInt(cells.get(4).getText())).as("failed count").isZero();
		browser.screenshot(IMAGES.resolve("run-health-check.png"));

		browser.find(By.id("search-input")).sendKeys("opsdeck_health");
		browser.click(browser.find(By.cssSelector("#search-form button[type='submit']")));
		WebElement match = browser.await(PAGE,
				ExpectedConditions.elementToBeClickable(By.cssSelector("#search-results button.list-group-item")));
		assertThat(match.getText()).contains("opsdeck_health");
		browser.click(match);
		WebElement highlighted = browser.await(PAGE,
				ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#log-lines .log-line.highlight")));
		assertThat(highlighted.getText()).contains("opsdeck_health");

		browser.open("/");
		browser.await(PAGE, ExpectedConditions.textToBePresentInElementLocated(testId("env-demo"), "SUCCEEDED"));
		browser.screenshot(IMAGES.resolve("dashboard.png"));
	}

	@Test
	void jumpToFirstFailureHighlightsTheFailureLine() {
		signedIn();
		String runId = startSshRun("echo fine; echo broken >&2; exit 4");
		browser.await(RUN, ExpectedConditions.textToBe(By.id("run-status"), "FAILED"));
		long failureSeq = new ApiClient(port, IntegrationTest.ADMIN_TOKEN).get("/api/v1/runs/" + runId)
			.json()
			.path("firstFailureSeq")
			.asLong();
		assertThat(failureSeq).isPositive();

		browser.click(browser.find(testId("jump-failure")));

		WebElement highlighted = browser.await(PAGE,
				ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#log-lines .log-line.highlight")));
		assertThat(highlighted.getDomAttribute("data-seq")).isEqualTo(Long.toString(failureSeq));
		assertThat(highlighted.getText()).contains("exit status 4");
		assertThat(browser.findAll(By.cssSelector("#log-lines .log-line.highlight"))).hasSize(1);
		assertThat(browser.find(By.xpath("//div[contains(@class,'log-line')][span[@class='txt' and text()='broken']]"))
			.getDomAttribute("class")).contains("stderr");
		assertThat(browser.find(By.id("run-exit")).getText()).isEqualTo("4");

		browser.driver().navigate().refresh();

		browser.await(PAGE, driver -> lines(runPageState()).size() >= 3);
		// stdout and stderr are read by two readers, so "fine" and "broken" may be stored in either order; the replay
		// must show them in the order they were stored
		java.util.List<String> stored = new java.util.ArrayList<>();
		new ApiClient(port, IntegrationTest.ADMIN_TOKEN).get("/api/v1/runs/" + runId + "/lines?after=0&limit=100")
			.json()
			.path("lines")
			.forEach(line -> stored.add(line.path("text").asString()));
		assertThat(stored.subList(0, 2)).containsExactlyInAnyOrder("fine", "broken");
		assertThat(lines(runPageState())).as("replayed from storage").startsWith(stored.get(0), stored.get(1));
		assertThat(hostRow("localhost")).extracting(WebElement::getText)
			.containsExactly("localhost", "FAILED", "4", "localhost: exit status 4");
	}

	@Test
	void theContentSecurityPolicyRefusesInlineScriptAndTheConsoleCheckSeesIt() {
		signedIn();
		browser.open("/runs");
		browser.script("""
				const s = document.createElement('script');
				s.textContent = 'window.opsdeckInline = true;';
				document.head.appendChild(s);""");

		assertThat(browser.script("return window.opsdeckInline === true;")).isEqualTo(false);
		assertThat(browser.consoleProblems()).anySatisfy(problem -> assertThat(problem).contains("Content Security Policy"));
	}

	@Test
	void deleteButtonsAskFirstAndCancellingKeepsTheEnvironment() {
		String name = "confirm-" + Long.toHexString(System.nanoTime()).substring(0, 6);
		ApiClient api = new ApiClient(port, IntegrationTest.ADMIN_TOKEN);
		assertThat(api.post("/api/v1/environments",
				Map.of("name", name, "kind", "development", "cloudProvider", "aws", "region", "us-east-1")).status())
			.isEqualTo(201);
		signedIn();
		browser.open("/environments");
		By delete = By.xpath("//tr[@data-environment='" + name + "']//form//button[normalize-space()='Delete']");

		browser.click(browser.find(delete));
		Alert question = browser.await(PAGE, ExpectedConditions.alertIsPresent());
		assertThat(question.getText()).isEqualTo("Delete environment " + name + "?");
		question.dismiss();
		assertThat(api.get("/api/v1/environments/" + name).status()).isEqualTo(200);

		browser.click(browser.find(delete));
		browser.await(PAGE, ExpectedConditions.alertIsPresent()).accept();
		browser.await(PAGE, driver -> api.get("/api/v1/environments/" + name).status() == 404);
	}

	private void signedIn() {
		browser.open("/");
		if (browser.currentPath().startsWith("/login")) {
			submitLogin("admin", IntegrationTest.ADMIN_PASSWORD);
			browser.await(PAGE, ExpectedConditions.textToBe(testId("current-user"), "admin"));
		}
	}

	private void submitLogin(String username, String password) {
		WebElement user = browser.find(By.id("username"));
		user.clear();
		user.sendKeys(username);
		WebElement secret = browser.find(By.id("password"));
		secret.clear();
		secret.sendKeys(password);
		browser.clickAndWaitForNewPage(browser.find(By.cssSelector("form button[type='submit'].w-100")), PAGE);
	}

	/** New run → SSH command → command → tick the demo localhost → Start run; returns the new run's id. */
	private String startSshRun(String command) {
		browser.open("/runs/new");
		browser.find(testId("tab-ssh")).click();
		browser.await(PAGE, ExpectedConditions.visibilityOfElementLocated(testId("ssh-form")));
		browser.find(By.id("command")).sendKeys(command);
		WebElement label = browser.find(By.xpath("//form[@data-testid='ssh-form']//label[span[normalize-space()='localhost']]"
				+ "[contains(., '· demo')]"));
		WebElement checkbox = browser.find(By.id(label.getDomAttribute("for")));
		browser.click(checkbox);
		assertThat(checkbox.isSelected()).isTrue();
		browser.click(browser.find(testId("start-run")));
		browser.await(PAGE, ExpectedConditions.urlMatches("/runs/[0-9a-f-]{36}$"));
		String path = browser.currentPath();
		return path.substring(path.lastIndexOf('/') + 1);
	}

	/** @return the cells of the hosts table row of a host on the run page */
	private static List<WebElement> hostRow(String host) {
		return browser.find(By.xpath("//tbody[@id='hosts-body']/tr[td[1][normalize-space()='" + host + "']]"))
			.findElements(By.tagName("td"));
	}

	private static Map<?, ?> runPageState() {
		return (Map<?, ?>) browser.script(RUN_PAGE_STATE);
	}

	private static List<String> lines(Map<?, ?> state) {
		return ((List<?>) state.get("lines")).stream().map(String::valueOf).toList();
	}

	private static List<String> ticks(Map<?, ?> state) {
		return lines(state).stream().filter(line -> line.startsWith("tick ")).toList();
	}

}
