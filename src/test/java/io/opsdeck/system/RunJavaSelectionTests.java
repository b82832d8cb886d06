package io.opsdeck.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which java {@code scripts/run.sh}, {@code scripts/cds-archive.sh}, {@code scripts/test.sh} and the benchmark
 * harness use: {@code opsdeck_run_java} and {@code opsdeck_use_run_java} in {@code scripts/lib/setup.sh}, run by
 * bash against fake JDKs (scripts that answer {@code -version} like a JDK of a given release) in a temporary
 * directory, which stands for {@code /usr/lib/jvm} ({@code OPSDECK_JVM_DIR}).
 */
class RunJavaSelectionTests {

	@TempDir
	Path jvms;

	@Test
	void opsdeckJavaWinsOverJavaHome() throws Exception {
		Path jdk17 = jdk("jdk-17", "17.0.15", true);
		String java = runJava(Map.of("OPSDECK_JAVA", "/opt/pinned/bin/java", "JAVA_HOME", jdk17.toString()));
		assertThat(java).isEqualTo("/opt/pinned/bin/java");
	}

	@Test
	void javaHomeIsKeptEvenWhenANewerJdkIsInstalled() throws Exception {
		Path jdk17 = jdk("jdk-17", "17.0.15", true);
		jdk("jdk-25", "25.0.1", true);
		String java = runJava(Map.of("JAVA_HOME", jdk17.toString()));
		assertThat(java).isEqualTo(jdk17.resolve("bin/java").toString());
	}

	@Test
	void withoutJavaHomeTheNewestInstalledJdkOf25OrNewerRuns() throws Exception {
		// Java 25 restarts faster and serves the API faster (docs/benchmarks.md, "fifteenth round"); a JRE is
		// passed over because Maven builds with the JDK Opsdeck runs on
		jdk("jdk-17", "17.0.15", true);
		jdk("jdk-25", "25.0.1", true);
		Path jdk26 = jdk("jdk-26", "26", true);
		jdk("jre-27", "27.0.1", false);
		assertThat(runJava(Map.of())).isEqualTo(jdk26.resolve("bin/java").toString());
	}

	@Test
	void withoutJavaHomeAJavaOnPathOf25OrNewerIsKept() throws Exception {
		Path jdk25 = jdk("jdk-25", "25.0.1", true);
		jdk("jdk-26", "26", true);
		String path = pathWithoutJava() + ":" + jdk25.resolve("bin");
		assertThat(runJava(Map.of("PATH", path))).isEqualTo("java");
	}

	@Test
	void withoutJavaHomeOrAnInstalledJava25TheJavaOnPathRuns() throws Exception {
		jdk("jdk-17", "17.0.15", true);
		jdk("jdk-21", "21.0.8", true);
		assertThat(runJava(Map.of())).isEqualTo("java");
	}

	@Test
	void mavenBuildsOnThePinnedJdkSoThatSpringAotDecidesWithTheRunningJava() throws Exception {
		Path jdk17 = jdk("jdk-17", "17.0.15", true);
		Path jdk25 = jdk("jdk-25", "25.0.1", true);
		String home = bash("opsdeck_use_run_java; echo \"$JAVA_HOME\"; command -v java",
				Map.of("JAVA_HOME", jdk17.toString(), "OPSDECK_JAVA", jdk25.resolve("bin/java").toString()));
		assertThat(home.lines()).containsExactly(jdk25.toRealPath().toString(),
				jdk25.toRealPath().resolve("bin/java").toString());
	}

	@Test
	void aPinnedJreLeavesMavensJdkAlone() throws Exception {
		Path jdk17 = jdk("jdk-17", "17.0.15", true);
		Path jre25 = jdk("jre-25", "25.0.1", false);
		String home = bash("opsdeck_use_run_java; echo \"$JAVA_HOME\"",
				Map.of("JAVA_HOME", jdk17.toString(), "OPSDECK_JAVA", jre25.resolve("bin/java").toString()));
		assertThat(home.strip()).isEqualTo(jdk17.toString());
	}

	private String runJava(Map<String, String> env) throws Exception {
		return bash("opsdeck_run_java", env).strip();
	}

	/** Runs {@code script} in bash after sourcing setup.sh, with PATH holding no java. @return its stdout */
	private String bash(String script, Map<String, String> env) throws Exception {
		ProcessBuilder builder = new ProcessBuilder("bash", "-c",
				"set -euo pipefail; source scripts/lib/setup.sh; " + script);
		Map<String, String> environment = builder.environment();
		environment.keySet().removeIf(name -> name.startsWith("OPSDECK_") || name.equals("JAVA_HOME"));
		environment.put("PATH", pathWithoutJava());
		environment.put("OPSDECK_JVM_DIR", jvms.toString());
		environment.putAll(env);
		builder.redirectErrorStream(false);
		Process process = builder.start();
		String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
		assertThat(process.exitValue()).as(err).isZero();
		return out;
	}

	/** A directory on PATH with the commands setup.sh needs (sed, head, dirname, readlink) but no java. */
	private String pathWithoutJava() throws IOException {
		Path bin = Files.createDirectories(jvms.resolveSibling(jvms.getFileName() + "-bin"));
		for (String tool : new String[] { "sed", "head", "dirname", "readlink", "cut", "cat" }) {
			Path link = bin.resolve(tool);
			if (!Files.exists(link)) {
				Files.createSymbolicLink(link, Path.of("/usr/bin", tool));
			}
		}
		return bin.toString();
	}

	/** A fake JDK (or JRE, without javac) whose java answers {@code -version} as release {@code version}. */
	private Path jdk(String name, String version, boolean withJavac) throws IOException {
		Path bin = Files.createDirectories(jvms.resolve(name).resolve("bin"));
		executable(bin.resolve("java"), "#!/bin/sh\necho 'openjdk version \"" + version + "\" 2025-10-21' >&2\n");
		if (withJavac) {
			executable(bin.resolve("javac"), "#!/bin/sh\nexit 0\n");
		}
		return jvms.resolve(name);
	}

	private static void executable(Path file, String text) throws IOException {
		Files.writeString(file, text);
		Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
	}
}
