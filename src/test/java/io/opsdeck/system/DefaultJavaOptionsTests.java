package io.opsdeck.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/**
 * The JVM options {@code scripts/run.sh} starts Opsdeck with when OPSDECK_JAVA_OPTS is not set
 * ({@code opsdeck_java_opts} in {@code scripts/lib/setup.sh}, which {@code scripts/cds-archive.sh} and the
 * benchmark also read), checked against the real JVM running this test: it must accept every option and end up
 * with G1's Remark pause free of class unloading and no metaspace threshold crossed during the start (issue 8, round 15: Java 25's p99 in the API benchmark),
 * and C2's loop compiles after 3x the default iterations (round 17: start-up CPU). The Docker image repeats both.
 */
class DefaultJavaOptionsTests {

	@Test
	void theDefaultOptionsStartThisJavaWithG1AndNoClassUnloadingInTheRemarkPause() throws Exception {
		List<String> options = List.of(bash("opsdeck_java_opts").strip().split("\\s+"));
		assertThat(options).contains("-Xmx1g", "-XX:+UseG1GC").containsAll(g1Options()).containsAll(jitOptions());

		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		command.addAll(options);
		command.addAll(List.of("-XX:+PrintFlagsFinal", "-version"));
		String flags = run(command);
		assertThat(flags).containsPattern("bool UseG1GC\\s+= true")
			.containsPattern("bool ClassUnloadingWithConcurrentMark\\s+= false")
			.containsPattern("size_t MetaspaceSize\\s+= 167772160 ")
			.containsPattern("intx Tier4BackEdgeThreshold\\s+= 120000 ");
	}

	@Test
	void theG1AndJitOptionsAreTheOnesTheBenchmarkAndTheImageTake() throws Exception {
		assertThat(g1Options()).containsExactly("-XX:-ClassUnloadingWithConcurrentMark", "-XX:MetaspaceSize=160m");
		// the image cannot source setup.sh in its exec-form ENTRYPOINT, so it repeats them: in its training start
		// (the archive) and in the ENTRYPOINT, which must agree with opsdeck_g1_opts
		String dockerfile = Files.readString(Path.of("docker/Dockerfile"));
		String entrypoint = dockerfile.substring(dockerfile.indexOf("ENTRYPOINT ["));
		int trainingStart = dockerfile.indexOf("OPSDECK_JAVA_OPTS=\"");
		String training = dockerfile.substring(trainingStart, dockerfile.indexOf("cds-archive.sh /opt", trainingStart));
		List<String> imageOptions = new ArrayList<>(g1Options());
		imageOptions.addAll(jitOptions());
		for (String option : imageOptions) {
			assertThat(entrypoint).as("ENTRYPOINT").contains("\"" + option + "\"");
			assertThat(training).as("training start").contains(option);
		}
	}

	private static List<String> g1Options() throws Exception {
		return List.of(bash("opsdeck_g1_opts").strip().split("\\s+"));
	}

	private static List<String> jitOptions() throws Exception {
		return List.of(bash("opsdeck_jit_opts").strip().split("\\s+"));
	}

	private static String bash(String function) throws Exception {
		return run(List.of("bash", "-c", "set -euo pipefail; source scripts/lib/setup.sh; " + function));
	}

	/** @return the command's stdout; fails the test when it does not end with exit code 0 within 60 s */
	private static String run(List<String> command) throws Exception {
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
		assertThat(process.exitValue()).as(out).isZero();
		return out;
	}

}
