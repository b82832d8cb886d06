package io.opsdeck.health.internal;

import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.opsdeck.execution.AnsibleRunRequest;
import io.opsdeck.execution.Runs;
import io.opsdeck.health.HealthChecks;
import io.opsdeck.health.HealthStatus;
import io.opsdeck.health.HealthThresholds;
import io.opsdeck.health.ServerHealth;
import io.opsdeck.identity.Actor;
import io.opsdeck.identity.EnvironmentAccess;
import io.opsdeck.identity.Role;
import io.opsdeck.inventory.EnvironmentSummary;
import io.opsdeck.inventory.Inventory;
import io.opsdeck.inventory.ServerTarget;
import io.opsdeck.shared.InvalidInputException;
import io.opsdeck.shared.NotFoundException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Launches health checks with an environment's thresholds, edits the thresholds and reads stored results (seed:
 * Health Checks). A health check is a plain, non-exclusive Ansible run of the read-only {@code health-check.yml}.
 */
@Service
public class HealthService implements HealthChecks {

	/** Most results one history request returns. */
	public static final int MAX_HISTORY = 500;

	private final Inventory inventory;

	private final Runs runs;

	private final HealthStore store;

	private final HealthProperties properties;

	private final Validator validator;

	private final TransactionTemplate transactions;

	HealthService(Inventory inventory, Runs runs, HealthStore store, HealthProperties properties, Validator validator,
			TransactionTemplate transactions) {
		this.inventory = inventory;
		this.runs = runs;
		this.store = store;
		this.properties = properties;
		this.validator = validator;
		this.transactions = transactions;
	}

	@Override
	public UUID checkEnvironment(String environment, boolean failOnCritical, Actor actor) {
		environment(environment);
		EnvironmentAccess.require(actor, Role.OPERATOR, environment);
		if (inventory.serversOf(environment).isEmpty()) {
			throw new InvalidInputException("environment", "environment '" + environment + "' has no servers to check");
		}
		return launch(environment, null, failOnCritical, actor);
	}

	@Override
	public UUID checkServer(UUID serverId, boolean failOnCritical, Actor actor) {
		ServerTarget server = inventory.servers(List.of(serverId)).get(0);
		EnvironmentAccess.require(actor, Role.OPERATOR, server.environment());
		return launch(server.environment(), server, failOnCritical, actor);
	}

	@Override
	@Transactional(readOnly = true)
	public List<ServerHealth> grid(@Nullable String environment) {
		return grid(environment, null);
	}

	/**
	 * @param environment only this environment's servers, or {@code null} for all
	 * @param scope the only environment names to show (a scoped API token's, {@code EnvironmentAccess.listScope}),
	 * or {@code null} for every environment; health results are read only for those servers
	 * @return the latest health per server
	 * @throws NotFoundException when the environment does not exist
	 */
	@Transactional(readOnly = true)
	public List<ServerHealth> grid(@Nullable String environment, @Nullable Collection<String> scope) {
		List<ServerTarget> servers;
		if (environment != null) {
			environment(environment);
			servers = inventory.serversOf(environment);
		}
		else if (scope != null) {
			servers = inventory.allServers().stream().filter(server -> scope.contains(server.environment())).toList();
		}
		else {
			servers = inventory.allServers();
		}
		Map<UUID, HealthStore.StoredResult> latest = store.latest(servers.stream().map(ServerTarget::id).toList());
		return servers.stream().map(server -> view(server, latest.get(server.id()))).toList();
	}

	@Override
	@Transactional(readOnly = true)
	public HealthThresholds thresholds(String environment) {
		return thresholdsOf(store, inventory, environment);
	}

	/**
	 * @param environment environment name
	 * @return its thresholds with who changed them last ({@code null} time and author for the defaults)
	 * @throws NotFoundException when the environment does not exist
	 */
	@Transactional(readOnly = true)
	public ThresholdsView thresholdsView(String environment) {
		EnvironmentSummary found = environment(environment);
		return store.thresholds(found.id())
			.map(t -> new ThresholdsView(environment, t.thresholds(), t.updatedAt(), t.updatedBy()))
			.orElseGet(() -> new ThresholdsView(environment, HealthThresholds.DEFAULTS, null, null));
	}

	/**
	 * Replaces an environment's thresholds; the next health check uses them.
	 * @param environment environment name
	 * @param thresholds the new thresholds
	 * @param actor who changed them
	 * @return the stored thresholds
	 * @throws NotFoundException when the environment does not exist
	 * @throws InvalidInputException naming the field: a value is missing or out of range, or a warning threshold is
	 * above its critical one
	 */
	@Transactional
	public ThresholdsView updateThresholds(String environment, HealthThresholds thresholds, Actor actor) {
		validate(thresholds);
		EnvironmentSummary found = environment(environment);
		store.saveThresholds(found.id(), thresholds, actor.display(), Instant.now());
		return thresholdsView(environment);
	}

	/**
	 * @param serverId server id
	 * @param limit most results, 1 to {@link #MAX_HISTORY}
	 * @return the server and its stored results, newest first
	 * @throws NotFoundException when the server does not exist
	 */
	@Transactional(readOnly = true)
	public ServerHistory history(UUID serverId, int limit) {
		ServerTarget server = inventory.servers(List.of(serverId)).get(0);
		List<ServerHealth> results = store.history(serverId, Math.max(1, Math.min(limit, MAX_HISTORY)))
			.stream()
			.map(result -> view(server, result))
			.toList();
		return new ServerHistory(server.id(), server.name(), server.environment(), results);
	}

	/** An environment's thresholds as stored. */
	public record ThresholdsView(String environment, HealthThresholds thresholds, @Nullable Instant updatedAt,
			@Nullable String updatedBy) {
	}

	/** A server's stored results, newest first. */
	public record ServerHistory(UUID serverId, String server, String environment, List<ServerHealth> results) {
	}

	static HealthThresholds thresholdsOf(HealthStore store, Inventory inventory, String environment) {
		EnvironmentSummary found = inventory.findEnvironment(environment)
			.orElseThrow(() -> new NotFoundException("environment", environment));
		return store.thresholds(found.id()).map(HealthStore.StoredThresholds::thresholds)
			.orElse(HealthThresholds.DEFAULTS);
	}

	/** @return the playbook's extra vars for these thresholds (docs/health.md) */
	static Map<String, Object> extraVars(HealthThresholds t, boolean failOnCritical) {
		Map<String, Object> vars = new LinkedHashMap<>();
		vars.put("health_disk_warn_percent", t.diskWarnPercent());
		vars.put("health_disk_crit_percent", t.diskCriticalPercent());
		vars.put("health_memory_warn_percent", t.memoryWarnPercent());
		vars.put("health_load_warn_per_cpu", t.loadWarnPerCpu());
		vars.put("health_load_crit_per_cpu", t.loadCriticalPerCpu());
		vars.put("health_fail_on_critical", failOnCritical);
		return vars;
	}

	private UUID launch(String environment, @Nullable ServerTarget server, boolean failOnCritical, Actor actor) {
		HealthThresholds thresholds = thresholds(environment);
		AnsibleRunRequest request = new AnsibleRunRequest(properties.playbook(), environment,
				extraVars(thresholds, failOnCritical), Map.of(), List.of(), (server != null) ? server.name() : null,
				false, null, (int) properties.timeout().toSeconds(), false,
				(server != null) ? "Health check (" + server.name() + ")" : "Health check");
		UUID runId = transactions.execute(tx -> {
			UUID id = runs.launch(request, actor);
			store.recordRun(id, environment, (server != null) ? server.id() : null, thresholds, Instant.now());
			return id;
		});
		return runId;
	}

	private EnvironmentSummary environment(String name) {
		return inventory.findEnvironment(name).orElseThrow(() -> new NotFoundException("environment", name));
	}

	private void validate(HealthThresholds t) {
		validator.validate(t)
			.stream()
			.min(java.util.Comparator.comparing((ConstraintViolation<HealthThresholds> v) -> v.getPropertyPath().toString()))
			.ifPresent(v -> {
				throw new InvalidInputException(v.getPropertyPath().toString(), v.getMessage());
			});
		if (t.diskWarnPercent() > t.diskCriticalPercent()) {
			throw new InvalidInputException("diskWarnPercent",
					"must not be above diskCriticalPercent (" + t.diskCriticalPercent() + ")");
		}
		if (t.loadWarnPerCpu() > t.loadCriticalPerCpu()) {
			throw new InvalidInputException("loadWarnPerCpu",
					"must not be above loadCriticalPerCpu (" + t.loadCriticalPerCpu() + ")");
		}
	}

	private static ServerHealth view(ServerTarget server, HealthStore.@Nullable StoredResult result) {
		if (result == null) {
			return new ServerHealth(server.id(), server.name(), server.environment(), HealthStatus.UNKNOWN, Map.of(),
					List.of(), null, null);
		}
		return new ServerHealth(server.id(), server.name(), server.environment(), result.status(), result.checks(),
				result.reasons(), result.runId(), result.checkedAt());
	}

}
