package io.opsdeck.support;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.awaitility.Awaitility.await;

/**
 * Opsdeck as an operating system process of its own ({@code java -cp ... io.opsdeck.OpsdeckApplication}), for tests
 * that run several nodes on one database or kill a node: the production application on the test JVM's class path
 * without the test classes, on a loopback address and free port, with its own data directory and a log file.
 * <p>
 * Every node gets the same admin password, bootstrap token ({@link IntegrationTest}) and master key, so nodes of
 * one database accept the same token and read the same credentials. Extra properties are passed as
 * {@code --key=value} arguments, which outrank {@code application.yml}.
 */
public final class OpsdeckProcess implements AutoCloseable {

	/** base64 of 32 bytes: one master key for every node of a test database (test only). */
	public static final String MASTER_KEY = "b3BzZGVjay1jbHVzdGVyLXRlc3QtbWFzdGVyLWtleSE=";

	private final String name;

	private final Process process;

	private final Path log;

	private final String baseUrl;

	private final Instant started;

	private final Path data;

	private OpsdeckProcess(String name, Process process, Path log, String baseUrl, Instant started, Path data) {
		this.name = name;
		this.data = data;
		this.process = process;
		this.log = log;
		this.baseUrl = baseUrl;
		this.started = started;
	}

	/**
	 * Starts a node; returns at once ({@link #awaitReady} waits for it).
	 * @param name node name, used for the log file ({@code <logDirectory>/<name>.log}) and the data directory
	 * @param host loopback address the web server binds to, e.g. {@code 127.0.0.71}
	 * @param jdbcUrl the shared database (PostgreSQL user {@code postgres}, no password: trust authentication)
	 * @param logDirectory where the log goes (kept after the test, e.g. under {@code target/})
	 * @param properties further {@code --key=value} arguments
	 * @return the starting node
	 */
	public static OpsdeckProcess start(String name, String host, String jdbcUrl, Path logDirectory,
			Map<String, String> properties) {
		try {
			Files.createDirectories(logDirectory);
			Path data = Files.createTempDirectory("opsdeck-" + name + "-");
			int port = LocalResources.freePort(host);
			Map<String, String> arguments = new LinkedHashMap<>();
			arguments.put("server.address", host);
			arguments.put("server.port", String.valueOf(port));
			arguments.put("spring.datasource.url", jdbcUrl);
			arguments.put("spring.datasource.username", "postgres");
			arguments.put("spring.datasource.password", "");
			arguments.put("opsdeck.data-directory", data.toString());
			arguments.put("opsdeck.master-key", MASTER_KEY);
			arguments.put("opsdeck.bootstrap-token", IntegrationTest.ADMIN_TOKEN);
			arguments.put("opsdeck.admin-password", IntegrationTest.ADMIN_PASSWORD);
			arguments.put("opsdeck.runs.node-id", name);
			arguments.put("spring.datasource.hikari.maximum-pool-size", "8");
			arguments.putAll(properties);
			List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
				.toString(), "-Xmx384m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", applicationClassPath(),
					"io.opsdeck.OpsdeckApplication"));
			arguments.forEach((key, value) -> command.add("--" + key + "=" + value));
			Path log = logDirectory.resolve(name + ".log");
			Process process = new ProcessBuilder(command).redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
				.start();
			return new OpsdeckProcess(name, process, log, "http://" + host + ":" + port, Instant.now(),
					data);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot start Opsdeck node " + name, ex);
		}
	}

	/** The test JVM's class path without {@code target/test-classes}: the application and its dependencies. */
	private static String applicationClassPath() {
		return Stream.of(System.getProperty("java.class.path").split(File.pathSeparator))
			.filter(entry -> !Path.of(entry).endsWith("test-classes"))
			.collect(Collectors.joining(File.pathSeparator));
	}

	/**
	 * Waits until the node answers {@code /actuator/health/readiness} with 200 (after {@code ApplicationReadyEvent}).
	 * @param limit how long to wait
	 * @return this node
	 * @throws org.awaitility.core.ConditionTimeoutException when it is not ready in time or exits (the message
	 * holds the end of its log)
	 */
	public OpsdeckProcess awaitReady(Duration limit) {
		ApiClient anonymous = new ApiClient(baseUrl, null);
		await("node " + name + " ready").atMost(limit)
			.pollInterval(Duration.ofMillis(500))
			.failFast("node " + name + " is running", this::assertAlive)
			.ignoreExceptions()
			.until(() -> anonymous.get("/actuator/health/readiness").status() == 200);
		return this;
	}

	/**
	 * For Awaitility's {@code failFast}: stop waiting for a node that is gone.
	 * @throws IllegalStateException when the process has exited (the message holds the end of its log)
	 */
	public void assertAlive() {
		if (!process.isAlive()) {
			throw new IllegalStateException("node " + name + " exited with " + process.exitValue() + "; log:\n"
					+ logTail(80));
		}
	}

	/** @return an API client with the bootstrap admin token */
	public ApiClient api() {
		return new ApiClient(baseUrl, IntegrationTest.ADMIN_TOKEN);
	}

	/** @return node name (also its {@code opsdeck.runs.node-id} unless overridden) */
	public String name() {
		return name;
	}

	/** @return when the process was started */
	public Instant started() {
		return started;
	}

	/** @return whether the process is running */
	public boolean isAlive() {
		return process.isAlive();
	}

	/** @return the log file */
	public Path log() {
		return log;
	}

	/**
	 * @param lines how many lines from the end
	 * @return the last lines of the log, for assertion messages
	 */
	public String logTail(int lines) {
		try {
			List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
			return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
		}
		catch (IOException | UncheckedIOException ex) {
			return "(cannot read " + log + ": " + ex.getMessage() + ")";
		}
	}

	/**
	 * {@code kill -9}: the JVM gets no chance to clean up; the playbooks it started are left running, as when a
	 * machine dies they would be gone.
	 */
	public void kill() {
		process.destroyForcibly();
		waitFor(Duration.ofSeconds(30));
	}

	/**
	 * {@code SIGTERM}: Spring's graceful shutdown (web server, Quartz, runs in progress).
	 * @param limit how long to wait for the process to exit
	 * @throws IllegalStateException when it is still running after {@code limit}
	 */
	public void stop(Duration limit) {
		process.destroy();
		if (!waitFor(limit)) {
			throw new IllegalStateException("node " + name + " did not stop within " + limit + "; log:\n" + logTail(40));
		}
	}

	private boolean waitFor(Duration limit) {
		try {
			return process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	/** Kills the node and whatever it started (playbooks) if still running, and deletes its data directory. */
	@Override
	public void close() {
		List<ProcessHandle> children = process.descendants().toList();
		if (process.isAlive()) {
			kill();
		}
		children.forEach(ProcessHandle::destroyForcibly);
		LocalResources.deleteRecursively(data);
	}

	@Override
	public String toString() {
		return name + " (" + baseUrl + ", log " + log + ")";
	}

}
