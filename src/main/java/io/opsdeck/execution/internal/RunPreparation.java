package io.opsdeck.execution.internal;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

import io.opsdeck.credentials.SecretSealer;
import io.opsdeck.execution.AnsibleRunRequest;
import io.opsdeck.execution.RunKind;
import io.opsdeck.execution.RunRequest;
import io.opsdeck.execution.SshRunRequest;
import io.opsdeck.execution.internal.ansible.ExtraVars;
import io.opsdeck.execution.internal.ansible.PlaybookCatalog;
import io.opsdeck.execution.internal.output.SecretMasker;
import io.opsdeck.identity.Actor;
import io.opsdeck.identity.EnvironmentAccess;
import io.opsdeck.identity.Role;
import io.opsdeck.inventory.Inventory;
import io.opsdeck.inventory.ServerTarget;
import io.opsdeck.shared.InvalidInputException;
import io.opsdeck.shared.NotFoundException;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Component;

/**
 * Turns a launch request into a {@code QUEUED} {@link Run}, not yet stored, after checking it against the inventory
 * and the actor's roles: the targets exist (and have a credential), the playbook resolves inside the playbook
 * directory, variables, tags and limit are allowed, the timeout is within bounds, and only an admin uses the local
 * connection (when it is switched on). Secret extra vars are sealed under the master key. The same target check is
 * made again when a queued run starts ({@link #recheckTargets}). The caller's transaction ({@link RunService#launch})
 * covers the inventory reads.
 */
@Component
class RunPreparation {

	private static final Pattern TAG = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,63}");

	/** Most servers an SSH run works on at once (docs/runs.md: {@code parallelism} 1-100). */
	static final int MAX_PARALLELISM = 100;

	private static final Pattern LIMIT = Pattern.compile("[A-Za-z0-9_.:*?!&,\\[\\]~ -]{1,256}");

	private final Inventory inventory;

	private final PlaybookCatalog playbooks;

	private final SecretSealer sealer;

	private final RunsProperties properties;

	private final boolean localConnectionEnabled;

	private final JsonMapper json = JsonMapper.builder().build();

	RunPreparation(Inventory inventory, PlaybookCatalog playbooks, SecretSealer sealer, RunsProperties properties,
			@Value("${opsdeck.local-connection.enabled:true}") boolean localConnectionEnabled) {
		this.inventory = inventory;
		this.playbooks = playbooks;
		this.sealer = sealer;
		this.properties = properties;
		this.localConnectionEnabled = localConnectionEnabled;
	}

	/**
	 * @param request what to run
	 * @param actor who asks; must be an operator in every environment the run touches
	 * @return the run to store, {@code QUEUED}
	 * @throws InvalidInputException naming the field at fault
	 * @throws AccessDeniedException when the actor may not run there
	 */
	Run prepare(RunRequest request, Actor actor) {
		int timeout = timeout(request.timeoutSeconds());
		if (request instanceof SshRunRequest ssh) {
			return prepareSsh(ssh, actor, timeout);
		}
		return prepareAnsible((AnsibleRunRequest) request, actor, timeout);
	}

	private Run prepareSsh(SshRunRequest request, Actor actor, int timeout) {
		if (new HashSet<>(request.servers()).size() != request.servers().size()) {
			throw new InvalidInputException("servers", "each server may be named once");
		}
		List<ServerTarget> servers;
		try {
			servers = inventory.servers(request.servers());
		}
		catch (NotFoundException ex) {
			throw new InvalidInputException("servers", ex.getMessage());
		}
		List<String> touched = servers.stream().map(ServerTarget::environment).distinct().sorted().toList();
		EnvironmentAccess.requireAll(actor, Role.OPERATOR, touched);
		checkTargets(servers, actor, "servers");
		for (ServerTarget server : servers) {
			if (!server.isLocal() && server.credentialId() == null) {
				throw new InvalidInputException("servers", "server " + server.name() + " has no credential");
			}
		}
		int parallelism = parallelism(request.parallelism());
		Map<String, Object> parameters = new LinkedHashMap<>();
		parameters.put("servers", request.servers().stream().map(UUID::toString).toList());
		parameters.put("parallelism", parallelism);
		Run run = new Run(RunKind.SSH, actor, timeout, json.writeValueAsString(parameters));
		List<String> environments = servers.stream().map(ServerTarget::environment).distinct().toList();
		run.describeSsh(request.command(), (environments.size() == 1) ? environments.get(0) : null);
		run.recordRole(lowestRole(actor, environments));
		for (ServerTarget server : servers) {
			run.addHost(new RunHost(server.name(), server.id(), io.opsdeck.execution.HostStatus.PENDING));
		}
		return run;
	}

	private Run prepareAnsible(AnsibleRunRequest request, Actor actor, int timeout) {
		if (inventory.findEnvironment(request.environment()).isEmpty()) {
			throw new InvalidInputException("environment", "environment '" + request.environment() + "' does not exist");
		}
		EnvironmentAccess.require(actor, Role.OPERATOR, request.environment());
		playbooks.resolve(request.playbook());
		List<ServerTarget> servers = inventory.serversOf(request.environment());
		if (servers.isEmpty()) {
			throw new InvalidInputException("environment",
					"environment '" + request.environment() + "' has no servers to run on");
		}
		checkTargets(servers, actor, "environment");
		ExtraVars.validate("extraVars", request.extraVars());
		ExtraVars.validate("secretExtraVars", request.secretExtraVars());
		for (Map.Entry<String, String> secret : request.secretExtraVars().entrySet()) {
			String name = secret.getKey();
			if (request.extraVars().containsKey(name)) {
				throw new InvalidInputException("secretExtraVars." + name, "'" + name + "' is also in extraVars");
			}
			if (secret.getValue().length() < SecretMasker.MIN_LENGTH) {
				throw new InvalidInputException("secretExtraVars." + name, "secret values must be at least "
						+ SecretMasker.MIN_LENGTH + " characters: shorter ones cannot be masked in the output");
			}
		}
		ExtraVars.toYaml(request.extraVars(), request.secretExtraVars());
		for (String tag : request.tags()) {
			if (!TAG.matcher(tag).matches()) {
				throw new InvalidInputException("tags",
						"tags are 1-64 letters, digits, '_', '.' or '-', starting with a letter, digit or '_'");
			}
		}
		if (request.limit() != null && (!LIMIT.matcher(request.limit()).matches() || request.limit().startsWith("@")
				|| request.limit().startsWith("-"))) {
			throw new InvalidInputException("limit",
					"limit is a host pattern: names, groups, wildcards, ':', '&', '!' and ',' (no @file, no leading '-')");
		}
		Map<String, Object> parameters = new LinkedHashMap<>();
		parameters.put("extraVars", request.extraVars());
		parameters.put("secretExtraVars", List.copyOf(request.secretExtraVars().keySet()));
		parameters.put("tags", request.tags());
		parameters.put("limit", request.limit());
		parameters.put("check", request.check());
		parameters.put("forks", request.forks());
		Run run = new Run(RunKind.ANSIBLE, actor, timeout, json.writeValueAsString(parameters));
		run.describeAnsible(request.playbook(), request.environment());
		run.recordRole(lowestRole(actor, List.of(request.environment())));
		run.markExclusive(request.exclusive(), request.label());
		if (!request.secretExtraVars().isEmpty()) {
			byte[] secrets = json.writeValueAsString(request.secretExtraVars()).getBytes(StandardCharsets.UTF_8);
			run.sealSecrets(sealer.seal(secrets, "run:" + run.getId()));
		}
		return run;
	}

	/**
	 * @return the actor's lowest role among the run's environments (it was checked to have one in each), recorded on
	 * the run so that {@link #recheckTargets} judges with the role that was granted there
	 */
	private static Role lowestRole(Actor actor, List<String> environments) {
		Role lowest = Role.ADMIN;
		for (String environment : environments) {
			Role role = actor.roleIn(environment).orElse(Role.VIEWER);
			if (lowest.includes(role)) {
				lowest = role;
			}
		}
		return environments.isEmpty() ? actor.role() : lowest;
	}

	private void checkTargets(List<ServerTarget> servers, Actor actor, String field) {
		for (ServerTarget server : servers) {
			if (server.isLocal()) {
				if (!localConnectionEnabled) {
					throw new InvalidInputException(field, "server " + server.name()
							+ " uses the local connection, which is switched off (opsdeck.local-connection.enabled)");
				}
				if (!actor.can(Role.ADMIN, server.environment())) {
					throw new AccessDeniedException("Only admins may run on " + server.name()
							+ ": it uses the local connection (the Opsdeck host itself)");
				}
			}
		}
	}

	/**
	 * Checks again, when a queued run starts, that its actor may still use its targets: a server may have been
	 * switched to the local connection while the run waited.
	 * @throws IllegalStateException naming the server when the run may not go ahead
	 */
	void recheckTargets(Run run, List<ServerTarget> servers) {
		Actor actor = new Actor(Actor.Kind.USER, run.getTriggeredBy(), run.getTriggeredByRole());
		try {
			checkTargets(servers, actor, "servers");
		}
		catch (InvalidInputException | AccessDeniedException ex) {
			throw new IllegalStateException(ex.getMessage() + " (queued by " + run.getTriggeredBy() + " as "
					+ run.getTriggeredByRole() + ")");
		}
	}

	/**
	 * The page's form binds any whole number, the API's body is checked by Bean Validation: both meet here. Without
	 * this a zero or negative value reached the executor as "no concurrency limit" (every server at once).
	 * @param requested servers at once, or {@code null} for the configured default
	 * @throws InvalidInputException (field {@code parallelism}) outside 1 to {@value #MAX_PARALLELISM}
	 */
	private int parallelism(@Nullable Integer requested) {
		if (requested == null) {
			return properties.defaultParallelism();
		}
		if (requested < 1 || requested > MAX_PARALLELISM) {
			throw new InvalidInputException("parallelism", "parallelism must be between 1 and " + MAX_PARALLELISM);
		}
		return requested;
	}

	private int timeout(Integer requested) {
		long max = properties.maxTimeout().toSeconds();
		if (requested == null) {
			return (int) Math.min(properties.defaultTimeout().toSeconds(), max);
		}
		if (requested < 1 || requested > max) {
			throw new InvalidInputException("timeoutSeconds", "timeoutSeconds must be between 1 and " + max);
		}
		return requested;
	}

}
