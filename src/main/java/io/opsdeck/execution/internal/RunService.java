package io.opsdeck.execution.internal;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

import io.opsdeck.credentials.SecretSealer;
import io.opsdeck.execution.AnsibleRunRequest;
import io.opsdeck.execution.RunKind;
import io.opsdeck.execution.RunQueued;
import io.opsdeck.execution.RunRequest;
import io.opsdeck.execution.RunStatus;
import io.opsdeck.execution.Runs;
import io.opsdeck.execution.SshRunRequest;
import io.opsdeck.execution.internal.ansible.ExtraVars;
import io.opsdeck.execution.internal.ansible.PlaybookCatalog;
import io.opsdeck.execution.internal.output.SecretMasker;
import io.opsdeck.identity.Actor;
import io.opsdeck.identity.EnvironmentAccess;
import io.opsdeck.identity.Role;
import io.opsdeck.inventory.Inventory;
import io.opsdeck.inventory.ServerTarget;
import io.opsdeck.shared.ConflictException;
import io.opsdeck.shared.Constraints;
import io.opsdeck.shared.InvalidInputException;
import io.opsdeck.shared.NotFoundException;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Starts, cancels and finds runs. A launch checks the request against the inventory (targets exist, the playbook
 * resolves inside the playbook directory, variables are allowed, the actor may use the local connection), stores
 * the run {@code QUEUED} with its secret extra vars sealed under the master key, and wakes the dispatcher.
 */
@Service
public class RunService implements Runs {

	private static final Pattern TAG = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,63}");

	private static final Pattern LIMIT = Pattern.compile("[A-Za-z0-9_.:*?!&,\\[\\]~ -]{1,256}");

	private final RunRepository runs;

	private final RunTransitions transitions;

	private final Inventory inventory;

	private final PlaybookCatalog playbooks;

	private final SecretSealer sealer;

	private final LocalRuns localRuns;

	private final io.opsdeck.execution.internal.output.OutputService outputs;

	private final RunsProperties properties;

	private final ApplicationEventPublisher events;

	private final boolean localConnectionEnabled;

	private final PlatformTransactionManager transactionManager;

	private final RunList list;

	private final JsonMapper json = JsonMapper.builder().build();

	RunService(RunRepository runs, RunTransitions transitions, Inventory inventory, PlaybookCatalog playbooks,
			SecretSealer sealer, LocalRuns localRuns, io.opsdeck.execution.internal.output.OutputService outputs,
			RunsProperties properties, ApplicationEventPublisher events,
			@Value("${opsdeck.local-connection.enabled:true}") boolean localConnectionEnabled,
			PlatformTransactionManager transactionManager, RunList list) {
		this.transactionManager = transactionManager;
		this.list = list;
		this.runs = runs;
		this.transitions = transitions;
		this.inventory = inventory;
		this.playbooks = playbooks;
		this.sealer = sealer;
		this.localRuns = localRuns;
		this.outputs = outputs;
		this.properties = properties;
		this.events = events;
		this.localConnectionEnabled = localConnectionEnabled;
	}

	@Override
	@Transactional
	public UUID launch(RunRequest request, Actor actor) {
		int timeout = timeout(request.timeoutSeconds());
		Run run;
		if (request instanceof SshRunRequest ssh) {
			run = prepareSsh(ssh, actor, timeout);
		}
		else {
			run = prepareAnsible((AnsibleRunRequest) request, actor, timeout);
		}
		if (run.isExclusive()) {
			runs.findActiveExclusive(run.getEnvironment()).ifPresent(active -> {
				throw conflict(run.getEnvironment(), active);
			});
			try {
				runs.saveAndFlush(run);
			}
			catch (DataIntegrityViolationException ex) {
				if (Constraints.violated(ex, Constraints.UNIQUE, "runs_one_exclusive_per_environment")) {
					throw conflictAfterRace(run.getEnvironment());
				}
				throw ex;
			}
		}
		else {
			runs.save(run);
		}
		events.publishEvent(new RunQueued(run.getId(), run.getKind(), run.getEnvironment(),
				run.getPlaybook(), run.getLabel(), run.getTriggeredBy(), run.getTriggeredByRole()));
		return run.getId();
	}

	/**
	 * Another node (or thread) queued an exclusive run between our check and our insert; the partial unique index
	 * refused ours. Our transaction is aborted, so the holder is read in a new one: the same answer as the check
	 * before the insert. The holder may have ended meanwhile (then the message says so without naming it).
	 */
	private ConflictException conflictAfterRace(String environment) {
		TransactionTemplate lookup = new TransactionTemplate(transactionManager);
		lookup.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
		lookup.setReadOnly(true);
		Run active = lookup.execute(status -> runs.findActiveExclusive(environment).orElse(null));
		if (active != null) {
			return conflict(environment, active);
		}
		return new ConflictException("environment '" + environment + "' is busy: another drill, backup or update "
				+ "was queued at the same moment; one drill, backup or update at a time");
	}

	/** The one wording of "environment busy" (issue 7: the loser gets 409 naming the holder). */
	private static ConflictException conflict(String environment, Run active) {
		String what = (active.getLabel() != null) ? active.getLabel() : "run";
		return new ConflictException("environment '" + environment + "' is busy: " + what + " " + active.getId()
				+ " is " + active.getStatus().name().toLowerCase(java.util.Locale.ROOT) + " (triggered by "
				+ active.getTriggeredBy() + "); one drill, backup or update at a time");
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
		int parallelism = (request.parallelism() != null) ? request.parallelism() : properties.defaultParallelism();
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

	@Override
	public RunStatus cancel(UUID id, Actor actor) {
		RunStatus status = status(id);
		if (status.isTerminal()) {
			throw new ConflictException("run " + id + " has already ended (" + status + ")");
		}
		if (status == RunStatus.QUEUED && transitions.cancelQueued(id, actor.display())) {
			return RunStatus.CANCELLED;
		}
		if (transitions.requestCancel(id, actor.display())) {
			localRuns.find(id).ifPresent(control -> control.stop(RunStatus.CANCELLED, "Cancelled by " + actor.display()));
			return RunStatus.RUNNING;
		}
		RunStatus now = status(id);
		if (now.isTerminal()) {
			throw new ConflictException("run " + id + " has already ended (" + now + ")");
		}
		return now;
	}

	@Override
	public RunStatus status(UUID id) {
		return transitions.status(id).orElseThrow(() -> new NotFoundException("run", id));
	}

	@Override
	@Transactional(readOnly = true)
	public java.util.Optional<io.opsdeck.execution.RunSummary> find(UUID id) {
		return runs.findById(id).map(RunMapping::summary);
	}

	@Override
	public List<io.opsdeck.execution.RunLine> lines(UUID id, long afterSeq, int max) {
		return outputs.after(id, afterSeq, Math.max(1, Math.min(max, 10_000)))
			.stream()
			.map(line -> new io.opsdeck.execution.RunLine(line.seq(), java.time.Instant.ofEpochMilli(line.timeMillis()),
					line.stream().value(), line.host(), line.text()))
			.toList();
	}

	@Override
	@Transactional(readOnly = true)
	public List<io.opsdeck.execution.RunSummary> recent(int limit) {
		return runs
			.findAll(org.springframework.data.domain.PageRequest.of(0, limit,
					org.springframework.data.domain.Sort.by(org.springframework.data.domain.Sort.Order.desc("createdAt"))))
			.map(RunMapping::summary)
			.getContent();
	}

	/**
	 * @param id run id
	 * @return the run with its hosts
	 * @throws NotFoundException when it does not exist
	 */
	@Transactional(readOnly = true)
	public Run get(UUID id) {
		Run run = runs.findById(id).orElseThrow(() -> new NotFoundException("run", id));
		run.getHosts().size();
		return run;
	}

	/**
	 * @param filter optional status, kind and environment
	 * @param pageable page and size; always sorted newest first
	 * @return one page of runs with the exact total (see {@link RunList}: one query for the page, a sum over a few
	 * rows of {@code run_counts} for the total, no count of every run)
	 */
	public Page<io.opsdeck.execution.RunSummary> list(RunFilter filter, Pageable pageable) {
		return list.page(filter, pageable);
	}

	/**
	 * Filters for {@link #list}; {@code null} means any.
	 * @param scope a scoped token's environments ({@code EnvironmentAccess.listScope}): only runs stored with one of
	 * them are listed and counted; {@code null} for every environment
	 */
	public record RunFilter(RunStatus status, RunKind kind, String environment, @Nullable Set<String> scope) {

		/** A filter without a token scope (every environment): pages, sessions and unscoped tokens. */
		public RunFilter(RunStatus status, RunKind kind, String environment) {
			this(status, kind, environment, null);
		}

	}

}
