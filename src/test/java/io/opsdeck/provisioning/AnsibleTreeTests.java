package io.opsdeck.provisioning;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.opsdeck.support.AnsiblePlaybook;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The whole {@code ansible/} tree with the real tools: {@code ansible-playbook --syntax-check} on every playbook in
 * {@code ansible/playbooks} (a new playbook is checked without being named here), and Debian's {@code ansible-lint}
 * (6.13, {@code --offline}, settings in {@code ansible/.ansible-lint}) on the tree. Issue 5: "ansible-lint clean".
 */
class AnsibleTreeTests {

	private static final Path ANSIBLE = Path.of("ansible").toAbsolutePath();

	@TempDir
	Path temp;

	@Test
	void everyPlaybookPassesTheSyntaxCheck() throws IOException {
		assumeTrue(AnsiblePlaybook.isAvailable(), "needs ansible-playbook");
		List<Path> playbooks;
		try (Stream<Path> files = Files.list(ANSIBLE.resolve("playbooks"))) {
			playbooks = files.filter(f -> f.toString().endsWith(".yml")).sorted().toList();
		}
		assertThat(playbooks).extracting(p -> p.getFileName().toString()).contains("provision.yml");

		List<String> failures = new ArrayList<>();
		for (Path playbook : playbooks) {
			Outcome outcome = run(ANSIBLE, "ansible-playbook", "--syntax-check", "-i", "localhost,",
					playbook.toString());
			if (outcome.exitCode() != 0) {
				failures.add(playbook.getFileName() + ":\n" + outcome.output());
			}
		}
		assertThat(failures).isEmpty();
	}

	@Test
	void theTreeIsAnsibleLintClean() {
		assumeTrue(onPath("ansible-lint"), "needs ansible-lint (Debian package ansible-lint)");

		Outcome outcome = run(ANSIBLE, "ansible-lint", "--offline", "--nocolor", "-p");

		assertThat(outcome.exitCode()).as(outcome.output()).isZero();
		assertThat(outcome.output()).contains("Passed with production profile: 0 failure(s)");
	}

	private Outcome run(Path directory, String... command) {
		try {
			ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile())
				.redirectErrorStream(true)
				.redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
			builder.environment().put("ANSIBLE_CONFIG", ANSIBLE.resolve("ansible.cfg").toString());
			builder.environment().put("ANSIBLE_LOCAL_TEMP", Files.createDirectories(this.temp.resolve("tmp")).toString());
			builder.environment().put("NO_COLOR", "1");
			Process process = builder.start();
			String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			assertThat(process.waitFor(5, TimeUnit.MINUTES)).isTrue();
			return new Outcome(process.exitValue(), output);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private static boolean onPath(String command) {
		for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
			if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, command))) {
				return true;
			}
		}
		return false;
	}

	private record Outcome(int exitCode, String output) {
	}

}
