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

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs a playbook of {@code ansible/playbooks} with the real {@code ansible-playbook} against an {@link SshdServer},
 * the way Opsdeck does but without the application: an inventory with the host's address, port, user and key, a
 * {@code known_hosts} holding only its host key, extra vars from a JSON file, {@code ANSIBLE_CONFIG} pointing at
 * {@code ansible/ansible.cfg}, and the {@code opsdeck_events} callback from {@code src/main/resources}. Run from the
 * project directory (Maven's working directory).
 */
public final class AnsiblePlaybook {

	/** The run's log, {@code ANSIBLE_LOG_PATH}, in its work directory: written while the run goes on. */
	public static final String LOG_FILE = "ansible.log";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private AnsiblePlaybook() {
	}

	/** The outcome of one run: exit code, stdout and stderr interleaved, and the OPSDECK-EVENT events in order. */
	public record Result(int exitCode, String output, List<JsonNode> events) {

		/** @return the events of one type ({@code step}, {@code check}, {@code finding}, {@code metric}) */
		public List<JsonNode> events(String type) {
			return this.events.stream().filter(e -> type.equals(e.path("type").asText())).toList();
		}

		/** @return {@code step:event:status} for every step event, e.g. {@code validation:end:succeeded} */
		public List<String> stepTrail() {
			return events("step").stream()
				.map(e -> e.path("step").asText() + ":" + e.path("event").asText()
						+ (e.has("status") ? ":" + e.path("status").asText() : ""))
				.toList();
		}

		/** @return the {@code end} event of a step, or {@code null} */
		public JsonNode end(String step) {
			return events("step").stream()
				.filter(e -> step.equals(e.path("step").asText()) && "end".equals(e.path("event").asText()))
				.findFirst()
				.orElse(null);
		}

		/** @return the value of a metric event, or {@code null} */
		public JsonNode metric(String name) {
			return events("metric").stream()
				.filter(e -> name.equals(e.path("name").asText()))
				.map(e -> e.path("value"))
				.findFirst()
				.orElse(null);
		}

	}

	/** @return whether ansible-playbook is on the PATH */
	public static boolean isAvailable() {
		for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
			if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "ansible-playbook"))) {
				return true;
			}
		}
		return false;
	}

	/**
	 * @param playbook file name under {@code ansible/playbooks}, e.g. {@code disaster-recovery.yml}
	 * @param sshd the target
	 * @param extraVars extra vars (written as JSON, read with {@code -e @file})
	 * @param workDirectory a private directory for the inventory, known_hosts and extra vars
	 * @return the result; the run is given 3 minutes
	 */
	public static Result run(String playbook, SshdServer sshd, Map<String, ?> extraVars, Path workDirectory) {
		try {
			Path knownHosts = Files.writeString(workDirectory.resolve("known_hosts"), sshd.knownHostsLine() + "\n");
			return run(playbook, Map.of("target", Map.of("ansible_host", sshd.host(), "ansible_port", sshd.port(),
					"ansible_user", sshd.username(), "ansible_ssh_private_key_file",
					sshd.clientPrivateKeyPath().toString(), "opsdeck_environment", "staging")), knownHosts, extraVars,
					workDirectory);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Runs a playbook against any hosts, e.g. several, or hosts that are not an {@link SshdServer}.
	 * @param playbook file name under {@code ansible/playbooks}
	 * @param hosts inventory host name to its variables ({@code ansible_host}, {@code ansible_user}, ...), in order
	 * @param knownHosts a known_hosts file holding the keys of all hosts
	 * @param extraVars extra vars (written as JSON, read with {@code -e @file})
	 * @param workDirectory a private directory for the inventory, extra vars and SSH control sockets
	 * @param arguments further ansible-playbook arguments, e.g. {@code --check}
	 * @return the result; the run is given 3 minutes
	 */
	public static Result run(String playbook, Map<String, ? extends Map<String, ?>> hosts, Path knownHosts,
			Map<String, ?> extraVars, Path workDirectory, String... arguments) {
		try {
			Path project = Path.of("").toAbsolutePath();
			Path inventory = Files.writeString(workDirectory.resolve("inventory.json"),
					JSON.writeValueAsString(Map.of("all", Map.of("hosts", hosts))));
			Path vars = Files.writeString(workDirectory.resolve("extra-vars.json"), JSON.writeValueAsString(extraVars));
			List<String> command = new ArrayList<>(List.of("ansible-playbook", "-i", inventory.toString(), "-e",
					"@" + vars));
			command.addAll(List.of(arguments));
			command.add(project.resolve("ansible/playbooks").resolve(playbook).toString());
			ProcessBuilder builder = new ProcessBuilder(command)
				.redirectErrorStream(true)
				.redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
			Map<String, String> env = builder.environment();
			env.put("ANSIBLE_CONFIG", project.resolve("ansible/ansible.cfg").toString());
			env.put("ANSIBLE_CALLBACKS_ENABLED", "opsdeck_events");
			env.put("ANSIBLE_CALLBACK_PLUGINS", project.resolve("src/main/resources/ansible/callback_plugins").toString());
			env.put("ANSIBLE_LOCAL_TEMP", Files.createDirectories(workDirectory.resolve("ansible-tmp")).toString());
			env.put("ANSIBLE_NOCOLOR", "1");
			// the same output, written while the run goes on (a test can wait for a task to start)
			env.put("ANSIBLE_LOG_PATH", workDirectory.resolve(LOG_FILE).toString());
			env.put("PYTHONUNBUFFERED", "1");
			env.put("ANSIBLE_SSH_ARGS", String.join(" ", "-o UserKnownHostsFile=" + knownHosts,
					"-o GlobalKnownHostsFile=/dev/null", "-o StrictHostKeyChecking=yes", "-o BatchMode=yes",
					"-o IdentitiesOnly=yes", "-o ControlMaster=auto", "-o ControlPersist=30s",
					"-o ControlPath=" + workDirectory.resolve("cp-%C")));
			Process process = builder.start();
			String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			if (!process.waitFor(3, TimeUnit.MINUTES)) {
				process.destroyForcibly();
				throw new IllegalStateException("ansible-playbook did not finish within 3 minutes:\n" + output);
			}
			return new Result(process.exitValue(), output, events(output));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private static List<JsonNode> events(String output) {
		List<JsonNode> events = new ArrayList<>();
		for (String line : output.split("\n")) {
			if (line.startsWith("OPSDECK-EVENT ")) {
				events.add(JSON.readTree(line.substring("OPSDECK-EVENT ".length())));
			}
		}
		return events;
	}

}
