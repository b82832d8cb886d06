package io.opsdeck.support;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.logging.Level;
import java.util.stream.Stream;

import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedCondition;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless Chromium driven through its own {@code chromedriver}, pointed at a running Opsdeck. Both
 * executables are given by path, so Selenium Manager never looks for (or downloads) a browser or driver. Each
 * instance has a fresh profile in a temporary directory, removed by {@link #close()}. The browser console is
 * recorded ({@code goog:loggingPrefs}) so tests can assert that pages ran without script errors or Content
 * Security Policy violations ({@link #consoleProblems()}).
 */
public final class Browser implements AutoCloseable {

	/** Debian package {@code chromium}. */
	public static final Path CHROMIUM = Path.of("/usr/bin/chromium");

	/** Debian package {@code chromium-driver}. */
	public static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

	private static final List<String> FLAGS = List.of("--headless=new", "--no-sandbox", "--disable-gpu",
			"--disable-dev-shm-usage", "--disable-quic", "--no-first-run", "--disable-background-networking",
			"--disable-component-update", "--disable-sync", "--window-size=1400,1000");

	private final ChromeDriver driver;

	private final Path profile;

	private final String baseUrl;

	private Browser(ChromeDriver driver, Path profile, String baseUrl) {
		this.driver = driver;
		this.profile = profile;
		this.baseUrl = baseUrl;
	}

	/**
	 * @return whether Chromium is installed (scripts/test.sh installs it with its driver); a missing driver next to
	 * an installed browser is a broken set-up that {@link #start(int)} reports
	 */
	public static boolean chromiumInstalled() {
		return Files.isExecutable(CHROMIUM);
	}

	/**
	 * Starts Chromium with a fresh profile.
	 * @param port port of the Opsdeck under test on localhost
	 * @return the browser, on a blank page
	 * @throws UncheckedIOException when the profile directory cannot be made
	 */
	public static Browser start(int port) {
		Path profile;
		try {
			profile = Files.createTempDirectory("opsdeck-chromium-");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		ChromeOptions options = new ChromeOptions();
		options.setBinary(CHROMIUM.toFile());
		options.addArguments(FLAGS);
		options.addArguments("--user-data-dir=" + profile);
		LoggingPreferences logging = new LoggingPreferences();
		logging.enable(LogType.BROWSER, Level.ALL);
		options.setCapability("goog:loggingPrefs", logging);
		ChromeDriverService service = new ChromeDriverService.Builder()
			.usingDriverExecutable(CHROMEDRIVER.toFile())
			.usingAnyFreePort()
			.withLogOutput(OutputStream.nullOutputStream())
			.build();
		try {
			ChromeDriver driver = new ChromeDriver(service, options);
			driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
			return new Browser(driver, profile, "http://localhost:" + port);
		}
		catch (RuntimeException ex) {
			delete(profile);
			throw ex;
		}
	}

	/** @return the underlying driver, for anything this class does not cover */
	public WebDriver driver() {
		return driver;
	}

	/**
	 * Opens a page of the application and waits for it to load.
	 * @param path path on the application, e.g. {@code /runs/new?kind=ssh}
	 */
	public void open(String path) {
		driver.get(baseUrl + path);
	}

	/**
	 * Opens a page, signing in first (user {@code admin}) when the browser is sent to the login page.
	 * @param path path on the application
	 * @param password the admin password
	 * @param timeout how long the sign-in may take
	 */
	public void openAsAdmin(String path, String password, java.time.Duration timeout) {
		open(path);
		if (currentPath().startsWith("/login")) {
			find(org.openqa.selenium.By.id("username")).sendKeys("admin");
			find(org.openqa.selenium.By.id("password")).sendKeys(password);
			clickAndWaitForNewPage(find(org.openqa.selenium.By.cssSelector("form button[type='submit'].w-100")),
					timeout);
			open(path);
		}
	}

	/** @return the path (and query) of the current page, without scheme, host and port */
	public String currentPath() {
		String url = driver.getCurrentUrl();
		return url.startsWith(baseUrl) ? url.substring(baseUrl.length()) : url;
	}

	public WebElement find(By by) {
		return driver.findElement(by);
	}

	public List<WebElement> findAll(By by) {
		return driver.findElements(by);
	}

	/** @return an element by its {@code data-testid} attribute */
	public static By testId(String id) {
		return By.cssSelector("[data-testid='" + id + "']");
	}

	/**
	 * Waits until the condition holds (is neither {@code null} nor {@code false}).
	 * @param timeout how long to wait
	 * @param condition what to wait for
	 * @return the condition's last value
	 * @throws org.openqa.selenium.TimeoutException when it does not hold in time
	 */
	public <T> T await(Duration timeout, ExpectedCondition<T> condition) {
		return new WebDriverWait(driver, timeout, Duration.ofMillis(100)).until(condition);
	}

	/** Runs a script in the page and returns its result (as Selenium maps it: Boolean, Long, String, List, Map). */
	public Object script(String script, Object... args) {
		return ((JavascriptExecutor) driver).executeScript(script, args);
	}

	/**
	 * Saves a PNG of the visible part of the page.
	 * @param file target file; parent directories are created
	 * @throws UncheckedIOException when it cannot be written
	 */
	/**
	 * Clicks something that loads a new page and waits until the new document has loaded. Marks the old document
	 * first, so the wait cannot confuse the old page with the new one, and ignores the driver errors Chrome raises
	 * while a document is being replaced.
	 */
	public void clickAndWaitForNewPage(WebElement element, Duration timeout) {
		JavascriptExecutor js = (JavascriptExecutor) driver;
		js.executeScript("window.__opsdeckOldPage = true;");
		click(element);
		new WebDriverWait(driver, timeout).ignoring(WebDriverException.class).until(d -> Boolean.TRUE.equals(
				js.executeScript("return window.__opsdeckOldPage === undefined && document.readyState === 'complete';")));
	}

	/** Scrolls an element to the middle of the window and clicks it, as a user would on a long page. */
	public void click(WebElement element) {
		((org.openqa.selenium.JavascriptExecutor) driver).executeScript("arguments[0].scrollIntoView({block: 'center', behavior: 'instant'});",
				element);
		element.click();
	}

	public void screenshot(Path file) {
		byte[] png = ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES);
		try {
			Files.createDirectories(file.toAbsolutePath().getParent());
			Files.write(file, png);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Reads (and clears) the console entries recorded since the last call and keeps those that mean a page is
	 * broken: errors (uncaught exceptions, failed loads, rejected promises) and Content Security Policy reports,
	 * which Chromium logs as errors ("Refused to execute inline script ...").
	 * @return one line per problem, empty when the pages behaved
	 */
	public List<String> consoleProblems() {
		return driver.manage()
			.logs()
			.get(LogType.BROWSER)
			.getAll()
			.stream()
			.filter(entry -> entry.getLevel().intValue() >= Level.SEVERE.intValue()
					|| entry.getMessage().contains("Content Security Policy"))
			.map(LogEntry::toString)
			.toList();
	}

	/** Quits the browser and removes its profile. */
	@Override
	public void close() {
		try {
			driver.quit();
		}
		finally {
			delete(profile);
		}
	}

	/** Where the project is checked out: Maven's {@code basedir}, else the working directory. */
	public static Path projectDirectory() {
		return Path.of(System.getProperty("basedir", System.getProperty("user.dir"))).toAbsolutePath();
	}

	private static void delete(Path directory) {
		try (Stream<Path> files = Files.walk(directory)) {
			files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
		}
		catch (IOException ex) {
			// a leftover temporary profile is harmless
		}
	}

}
