package io.opsdeck.execution.internal.ansible;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;

import io.opsdeck.credentials.CredentialLease;
import io.opsdeck.credentials.Credentials;
import io.opsdeck.execution.HostStatus;
import io.opsdeck.execution.RunKind;
import io.opsdeck.execution.RunStatus;
import io.opsdeck.execution.internal.ChildEnvironment;
import io.opsdeck.execution.internal.ExecutionControl;
import io.opsdeck.execution.internal.ExecutionThreads;
import io.opsdeck.execution.internal.HostResult;
import io.opsdeck.execution.internal.ProcessTree;
import io.opsdeck.execution.internal.RunExecutor;
import io.opsdeck.execution.internal.RunOutcome;
import io.opsdeck.execution.internal.RunPlan;
import io.opsdeck.execution.internal.StreamPump;
import io.opsdeck.execution.internal.output.RunOutput;
import io.opsdeck.execution.internal.output.StreamKind;
import io.opsdeck.execution.internal.ssh.HostKeyException;
import io.opsdeck.execution.internal.ssh.SshConnector;
import io.opsdeck.execution.internal.ssh.SshKeys;
import io.opsdeck.inventory.ServerTarget;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Runs a playbook with a real {@code ansible-playbook} process, started from an argument list (no shell), in a
 * private workspace: the inventory generated from the database, extra vars in a {@code 0600} file read with
 * {@code -e @file}, a {@code known_hosts} holding only host keys Opsdeck verified (a key it verified and stored
 * earlier is written at once and checked again while the playbook starts; any other is checked before), and keys from
 * credential leases. The process gets an allow-listed environment, no standard input and no way to prompt.
 */
@Component
class AnsibleRunExecutor implements RunExecutor {

	/** A host or group name in a {@code --limit}: no pattern, negation, intersection, regex or subscript. */
	private static final Pattern PLAIN_NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]*");

	private final AnsibleProperties properties;

	private final PlaybookCatalog playbooks;

	private final Credentials credentials;

	private final SshConnector connector;

	private final ExecutionThreads threads;

	private final Path dataDirectory;

	AnsibleRunExecutor(AnsibleProperties properties, PlaybookCatalog playbooks, Credentials credentials,
			SshConnector connector, ExecutionThreads threads,
			@Value("${opsdeck.data-directory:${user.home}/.opsdeck}") Path dataDirectory) {
		this.dataDirectory = dataDirectory;
		this.properties = properties;
		this.playbooks = playbooks;
		this.credentials = credentials;
		this.connector = connector;
		this.threads = threads;
	}

	@Override
	public RunKind kind() {
		return RunKind.ANSIBLE;
	}

	@Override
	public RunOutcome execute(RunPlan plan, RunOutput output, ExecutionControl control) throws Exception {
		RunPlan.AnsibleParameters params = plan.ansible();
		Path playbook = playbooks.resolve(params.playbook());
		List<CredentialLease> leases = new ArrayList<>();
		CompletableFuture<String> recheck = CompletableFuture.completedFuture("");
		try (AnsibleWorkspace workspace = new AnsibleWorkspace(dataDirectory)) {
			List<ServerTarget> targeted = limited(plan.servers(), params.environment(), params.limit()).stream()
				.filter(server -> !server.isLocal())
				.toList();
			// Servers whose verified key Opsdeck stores go into known_hosts at once and are checked again while
			// ansible-playbook starts (ssh enforces the stored key either way); the others are checked first.
			List<ServerTarget> stored = targeted.stream().filter(server -> storedKey(server) != null).toList();
			List<ServerTarget> unverified = targeted.stream().filter(server -> storedKey(server) == null).toList();
			recheck = CompletableFuture.supplyAsync(() -> verifyHostKeys(stored, output).join(), threads.io());
			String knownHosts = verifyHostKeys(unverified, output).join()
					+ stored.stream().map(server -> server.name() + " " + storedKey(server) + "\n")
						.collect(java.util.stream.Collectors.joining());
			Map<UUID, Path> keyFiles = keyFiles(plan.servers(), leases);
			leases.forEach(lease -> output.addSecrets(lease.secrets()));
			Path inventory = workspace.writePrivate("inventory.json",
					InventoryDocument.render(params.environment(), plan.servers(), keyFiles));
			Path extraVars = workspace.writePrivate("extra-vars.yml",
					ExtraVars.toYaml(params.extraVars(), params.secretExtraVars()));
			Path knownHostsFile = workspace.writePrivate("known_hosts", knownHosts);
			List<String> command = command(params, inventory, extraVars, playbook);
			output.system(null, "$ " + String.join(" ", displayed(command, workspace.root())));
			if (control.stopped()) {
				return new RunOutcome(RunStatus.FAILED, null, control.stopMessage(), List.of());
			}
			int exit = run(command, environment(workspace, knownHostsFile), output, control);
			recheck.join();
			return outcome(exit, AnsibleStats.read(workspace.statsFile()), plan.servers(), output);
		}
		finally {
			// its lines belong to this run's output, which closes when this returns
			recheck.exceptionally(ex -> "").join();
			leases.forEach(CredentialLease::close);
		}
	}

	/**
	 * @return the server's stored host key ({@code <type> <base64>}) when it is the key of the fingerprint Opsdeck
	 * trusts, else {@code null} (never connected, or the trusted fingerprint changed since)
	 */
	static @Nullable String storedKey(ServerTarget server) {
		String key = server.hostKey();
		String fingerprint = server.hostKeyFingerprint();
		if (key == null || fingerprint == null) {
			return null;
		}
		String[] parts = key.trim().split(" ");
		if (parts.length < 2) {
			return null;
		}
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(Base64.getDecoder().decode(parts[1]));
			String actual = "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(digest);
			return actual.equals(fingerprint) ? parts[0] + " " + parts[1] : null;
		}
		catch (IllegalArgumentException | NoSuchAlgorithmException ex) {
			return null;
		}
	}

	/**
	 * The servers a run's {@code --limit} can reach, for the host key check: a limit of plain host and group names
	 * (separated by {@code ,} or {@code :}) selects those hosts and the members of those groups (the environment's
	 * group and the role tag groups {@link InventoryDocument} writes); any other limit (patterns, {@code !},
	 * {@code &}, {@code ~}, {@code @file}, an unknown name) keeps every server, as Ansible decides what it matches.
	 */
	static List<ServerTarget> limited(List<ServerTarget> servers, String environment, @Nullable String limit) {
		if (limit == null || limit.isBlank()) {
			return servers;
		}
		Set<ServerTarget> selected = new LinkedHashSet<>();
		for (String name : limit.trim().split("[,:]")) {
			String part = name.trim();
			if (part.isEmpty()) {
				continue;
			}
			if (!PLAIN_NAME.matcher(part).matches() || part.equals("all") || part.equals("ungrouped")) {
				return servers;
			}
			List<ServerTarget> matched = servers.stream()
				.filter(server -> server.name().equals(part) || InventoryDocument.group(environment).equals(part)
						|| server.roles().stream().anyMatch(role -> InventoryDocument.group(role).equals(part)))
				.toList();
			if (matched.isEmpty()) {
				return servers;
			}
			selected.addAll(matched);
		}
		return selected.isEmpty() ? servers : List.copyOf(selected);
	}

	/**
	 * Checks the host keys of remote servers, 20 at a time (a refused or unreachable one gets a line in the output).
	 * @return the {@code known_hosts} lines of the verified keys, once every check has ended
	 */
	private CompletableFuture<String> verifyHostKeys(List<ServerTarget> servers, RunOutput output) {
		if (servers.isEmpty()) {
			return CompletableFuture.completedFuture("");
		}
		List<CompletableFuture<String>> checks = new ArrayList<>();
		var pool = threads.bounded("opsdeck-hostkey-", 20);
		for (ServerTarget server : servers) {
			checks.add(CompletableFuture.supplyAsync(() -> verify(server, output), pool));
		}
		return CompletableFuture.allOf(checks.toArray(CompletableFuture[]::new)).thenApply(done -> {
			StringBuilder knownHosts = new StringBuilder();
			for (CompletableFuture<String> check : checks) {
				String line = check.join();
				if (line != null) {
					knownHosts.append(line).append('\n');
				}
			}
			return knownHosts.toString();
		});
	}

	private String verify(ServerTarget server, RunOutput output) {
		try {
			return server.name() + " " + connector.verifyHostKey(server);
		}
		catch (HostKeyException ex) {
			output.failure(server.name(), ex.getMessage());
		}
		catch (IOException ex) {
			output.system(server.name(), "Could not check the host key of " + server.name() + " (" + server.host()
					+ ":" + server.port() + "): " + ((ex.getMessage() != null) ? ex.getMessage() : "unreachable"));
		}
		return null;
	}

	private Map<UUID, Path> keyFiles(List<ServerTarget> servers, List<CredentialLease> leases) {
		Map<UUID, Path> byCredential = new HashMap<>();
		Map<UUID, Path> byServer = new HashMap<>();
		for (ServerTarget server : servers) {
			if (server.isLocal() || server.credentialId() == null) {
				continue;
			}
			Path key = byCredential.computeIfAbsent(server.credentialId(), id -> {
				CredentialLease lease = credentials.lease(id);
				leases.add(lease);
				return lease.privateKeyFile();
			});
			byServer.put(server.id(), key);
		}
		return byServer;
	}

	private List<String> command(RunPlan.AnsibleParameters params, Path inventory, Path extraVars, Path playbook) {
		List<String> command = new ArrayList<>(List.of(properties.executable(), "-i", inventory.toString(), "-e",
				"@" + extraVars));
		if (!params.tags().isEmpty()) {
			command.add("--tags=" + String.join(",", params.tags()));
		}
		if (params.limit() != null) {
			command.add("--limit=" + params.limit());
		}
		if (params.check()) {
			command.add("--check");
		}
		if (params.forks() != null) {
			command.add("--forks=" + params.forks());
		}
		command.add(playbook.toString());
		return command;
	}

	private static List<String> displayed(List<String> command, Path workspace) {
		return command.stream().map(arg -> arg.replace(workspace.toString(), "$RUN_DIR")).toList();
	}

	private Map<String, String> environment(AnsibleWorkspace workspace, Path knownHosts) {
		Map<String, String> env = new LinkedHashMap<>();
		Path config = properties.root().resolve("ansible.cfg");
		if (Files.isRegularFile(config)) {
			env.put("ANSIBLE_CONFIG", config.toString());
		}
		env.put("PYTHONUNBUFFERED", "1");
		env.put("ANSIBLE_FORCE_COLOR", "1");
		env.put("ANSIBLE_HOST_KEY_CHECKING", "True");
		env.put("ANSIBLE_RETRY_FILES_ENABLED", "False");
		env.put("ANSIBLE_LOCAL_TEMP", workspace.localTemp().toString());
		env.put("ANSIBLE_CALLBACK_PLUGINS", workspace.callbackPlugins().toString());
		env.put("ANSIBLE_CALLBACKS_ENABLED", String.join(",", AnsibleWorkspace.CALLBACKS));
		env.put("OPSDECK_STATS_FILE", workspace.statsFile().toString());
		env.put("ANSIBLE_SSH_ARGS", String.join(" ", "-o UserKnownHostsFile=" + knownHosts,
				"-o GlobalKnownHostsFile=/dev/null", "-o StrictHostKeyChecking=yes", "-o BatchMode=yes",
				"-o IdentitiesOnly=yes", "-o PasswordAuthentication=no", "-o ServerAliveInterval=15",
				"-o ControlMaster=auto", "-o ControlPersist=30s",
				"-o ControlPath=" + workspace.controlSockets().resolve("%C")));
		return env;
	}

	private int run(List<String> command, Map<String, String> env, RunOutput output, ExecutionControl control)
			throws IOException, InterruptedException {
		ProcessBuilder builder = new ProcessBuilder(ProcessTree.inNewSession(command));
		ChildEnvironment.apply(builder.environment(), env);
		builder.directory(properties.root().toFile().isDirectory() ? properties.root().toFile() : null);
		builder.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
		Process process;
		try {
			process = builder.start();
		}
		catch (IOException ex) {
			throw new IOException("cannot start " + properties.executable()
					+ " (is ansible-core installed and on PATH?): " + ex.getMessage(), ex);
		}
		Runnable unregister = control.onStop(() -> ProcessTree.terminate(process, control));
		CompletableFuture<Void> out = StreamPump.start(process.getInputStream(),
				output.splitter(StreamKind.STDOUT, null), threads.io());
		CompletableFuture<Void> err = StreamPump.start(process.getErrorStream(),
				output.splitter(StreamKind.STDERR, null), threads.io());
		try {
			int exit = process.waitFor();
			CompletableFuture.allOf(out, err).join();
			return exit;
		}
		finally {
			unregister.run();
		}
	}

	static RunOutcome outcome(int exit, Map<String, AnsibleStats.HostStats> stats, List<ServerTarget> servers,
			RunOutput output) {
		Map<String, UUID> ids = new HashMap<>();
		servers.forEach(server -> ids.put(server.name(), server.id()));
		List<HostResult> hosts = new ArrayList<>();
		stats.forEach((host, recap) -> {
			HostResult.Counters c = recap.counters();
			HostStatus status = (c.failed() > 0) ? HostStatus.FAILED
					: (c.unreachable() > 0) ? HostStatus.UNREACHABLE : HostStatus.SUCCEEDED;
			hosts.add(new HostResult(host, ids.get(host), status, null, c, recap.message()));
		});
		if (exit == 0) {
			return new RunOutcome(RunStatus.SUCCEEDED, 0, null, hosts);
		}
		long unreachable = hosts.stream().filter(h -> h.status() == HostStatus.UNREACHABLE).count();
		long failed = hosts.stream().filter(h -> h.status() == HostStatus.FAILED).count();
		String message = AnsibleExitCodes.describe(exit, unreachable, failed);
		if (output.firstFailureSeq() == null) {
			output.failure(null, message);
		}
		return new RunOutcome(RunStatus.FAILED, exit, message, hosts);
	}

}
