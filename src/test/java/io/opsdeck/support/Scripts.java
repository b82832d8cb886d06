package io.opsdeck.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the seed's command-line scripts ({@code scripts/*.sh}) the way a user would, with a {@code PATH} that holds
 * bash, curl and coreutils and nothing else, so a test that passes proves "only bash and curl required" (no
 * python3, no jq). The environment is otherwise empty apart from what the test gives.
 */
public final class Scripts {

	private static Path path;

	private Scripts() {
	}

	/**
	 * The result of one script.
	 *
	 * @param exitCode its exit code
	 * @param output standard output and standard error, interleaved
	 */
	public record Result(int exitCode, String output) {
	}

	/**
	 * @return a directory of symbolic links to bash, curl and every coreutils program, made once per JVM
	 */
	public static synchronized Path bashAndCurlOnly() {
		if (path != null) {
			return path;
		}
		try {
			Path directory = Files.createTempDirectory("opsdeck-bash-curl-");
			List<String> programs = new ArrayList<>(List.of("/usr/bin/bash", "/usr/bin/curl"));
			Process dpkg = new ProcessBuilder("dpkg", "-L", "coreutils").redirectErrorStream(true).start();
			for (String line : new String(dpkg.getInputStream().readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
				if (line.matches("/(usr/)?s?bin/[^/]+")) {
					programs.add(line);
				}
			}
			dpkg.waitFor();
			for (String program : programs) {
				Path target = Path.of(program).toRealPath();
				Path link = directory.resolve(Path.of(program).getFileName());
				if (Files.isExecutable(target) && !Files.exists(link)) {
					Files.createSymbolicLink(link, target);
				}
			}
			if (Files.exists(directory.resolve("python3")) || Files.exists(directory.resolve("jq"))) {
				throw new IllegalStateException("the bash-and-curl PATH holds python3 or jq: " + directory);
			}
			path = directory;
			return path;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Starts {@code scripts/<name>} with only bash, curl and coreutils on the {@code PATH}.
	 * @param name e.g. {@code dr-drill.sh}
	 * @param environment variables besides {@code PATH} (e.g. OPSDECK_URL, OPSDECK_TOKEN)
	 * @param arguments the script's arguments
	 * @return the process, output and errors merged; in a process group of its own with the default SIGINT, SIGHUP and
	 * SIGQUIT handling (as a terminal would start it), so {@link #interrupt(Process)} can press Ctrl-C
	 */
	public static Process start(String name, Map<String, String> environment, String... arguments) {
		// Ctrl-C as a terminal gives it: a test JVM started in the background of a non-interactive shell (nohup, `&`)
		// ignores SIGINT, the script would inherit that and bash could not even trap it
		List<String> command = new ArrayList<>(List.of("/usr/bin/setsid", "/usr/bin/env", "--default-signal=HUP,INT,QUIT"));
		command.add(Browser.projectDirectory().resolve("scripts").resolve(name).toString());
		command.addAll(List.of(arguments));
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
		builder.environment().clear();
		builder.environment().put("PATH", bashAndCurlOnly().toString());
		builder.environment().put("HOME", System.getProperty("java.io.tmpdir"));
		builder.environment().put("LANG", "C.UTF-8");
		builder.environment().putAll(environment);
		try {
			return builder.start();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Runs a script to its end (at most 10 minutes). */
	public static Result run(String name, Map<String, String> environment, String... arguments) {
		Process process = start(name, environment, arguments);
		try {
			String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			if (!process.waitFor(10, TimeUnit.MINUTES)) {
				process.destroyForcibly();
				throw new IllegalStateException(name + " did not end: " + output);
			}
			return new Result(process.exitValue(), output);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/** Runs a script against the test's Opsdeck with the bootstrap admin token. */
	public static Result run(int port, String name, String... arguments) {
		return run(name, Map.of("OPSDECK_URL", "http://127.0.0.1:" + port, "OPSDECK_TOKEN", IntegrationTest.ADMIN_TOKEN),
				arguments);
	}

	/** Ctrl-C: SIGINT to the script's whole process group (the script, curl, its pipes), as a terminal sends it. */
	public static void interrupt(Process process) {
		try {
			new ProcessBuilder("kill", "-INT", "--", "-" + process.pid()).inheritIO().start().waitFor();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
