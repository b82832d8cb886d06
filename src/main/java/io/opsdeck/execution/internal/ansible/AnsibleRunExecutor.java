package io.opsdeck.execution.internal.ansible;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

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
import io.opsdeck.inventory.ServerTarget;
import io.opsdeck.shared.WorkDirectory;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Runs a playbook with a real {@code ansible-playbook} process, started from an argument list (no shell), in a
 * private workspace: the inventory generated from the database, extra vars in a {@code 0600} file read with
 * {@code -e @file}, a {@code known_hosts} holding only host keys Opsdeck verified ({@link AnsibleHostKeys}), and keys
 * from credential leases. The process gets an allow-listed environment, no standard input and no way to prompt.
 */
@Component
class AnsibleRunExecutor implements RunExecutor {

	private final AnsibleProperties properties;

	private final PlaybookCatalog playbooks;

	private final Credentials credentials;

	private final AnsibleHostKeys hostKeys;

	private final ExecutionThreads threads;

	private final Path dataDirectory;

	AnsibleRunExecutor(AnsibleProperties properties, PlaybookCatalog playbooks, Credentials credentials,
			AnsibleHostKeys hostKeys, ExecutionThreads threads,
			@Value("${opsdeck.data-directory:${user.home}/.opsdeck}") Path dataDirectory) {
		this.dataDirectory = dataDirectory;
		this.properties = properties;
		this.playbooks = playbooks;
		this.credentials = credentials;
		this.hostKeys = hostKeys;
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
			List<ServerTarget> targets = hostKeys.targets(plan.servers(), params.environment(), params.limit());
			recheck = hostKeys.recheckStored(targets, output);
			String knownHosts = hostKeys.knownHosts(targets, output);
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
			Integer exit = run(command, environment(workspace, knownHostsFile), output, control);
			if (exit == null) {
				output.system(null, ProcessTree.OUTLIVED);
				return new RunOutcome(RunStatus.FAILED, null, control.stopMessage(), List.of());
			}
			recheck.join();
			return outcome(exit, AnsibleStats.read(workspace.statsFile()), plan.servers(), output);
		}
		finally {
			// its lines belong to this run's output, which closes when this returns
			recheck.exceptionally(ex -> "").join();
			leases.forEach(CredentialLease::close);
		}
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
		env.putAll(WorkDirectory.ownerVariable(dataDirectory));
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

	/**
	 * @return the exit code, {@code null} when the run was stopped and a process still holds its output after the
	 * kill (see {@link ProcessTree#awaitEnd})
	 */
	private Integer run(List<String> command, Map<String, String> env, RunOutput output, ExecutionControl control)
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
			return ProcessTree.awaitEnd(process, CompletableFuture.allOf(out, err), control);
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
