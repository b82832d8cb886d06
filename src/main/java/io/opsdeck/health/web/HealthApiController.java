package io.opsdeck.health.web;

import java.net.URI;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.opsdeck.health.HealthCheck;
import io.opsdeck.health.HealthThresholds;
import io.opsdeck.health.ServerHealth;
import io.opsdeck.health.internal.HealthService;
import io.opsdeck.identity.Actors;
import io.opsdeck.identity.EnvironmentAccess;
import io.opsdeck.identity.RequiresEnvironmentRole;
import io.opsdeck.identity.Role;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.jspecify.annotations.Nullable;

import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Health checks (seed: Health Checks): start one for a server or an environment, read the latest status per server
 * and check, a server's history, and the environment's thresholds (docs/health.md).
 */
@RestController
@RequestMapping("/api/v1")
@Validated
@Tag(name = "Health", description = "Health checks (Docker, containers, disk, memory, load, ports, firewall) with "
		+ "per-environment thresholds, the latest status grid and per-server history")
class HealthApiController {

	private final HealthService health;

	HealthApiController(HealthService health) {
		this.health = health;
	}

	@PostMapping("/servers/{id}/health-check")
	@PreAuthorize("hasRole('VIEWER')")
	@RequiresEnvironmentRole(value = Role.OPERATOR, resolver = "server")
	@Operation(summary = "Check a server's health now",
			description = "Runs health-check.yml limited to the server, with its environment's thresholds, and answers "
					+ "202 {\"runId\",\"run\",\"page\"}; the result is stored when the run ends. Optional body "
					+ "{\"failOnCritical\":true}: a critical server fails the run (for scripts). 404 for an unknown "
					+ "server.")
	ResponseEntity<Map<String, Object>> checkServer(@PathVariable UUID id,
			@RequestBody(required = false) @Nullable CheckRequest request) {
		return accepted(health.checkServer(id, request != null && Boolean.TRUE.equals(request.failOnCritical()), Actors.current()));
	}

	@PostMapping("/environments/{name}/health-check")
	@PreAuthorize("hasRole('VIEWER')")
	@RequiresEnvironmentRole(value = Role.OPERATOR, resolver = RequiresEnvironmentRole.ENVIRONMENT, variable = "name")
	@Operation(summary = "Check every server of an environment now",
			description = "Runs health-check.yml over the environment's servers with its thresholds and answers 202 "
					+ "{\"runId\",\"run\",\"page\"}. Optional body {\"failOnCritical\":true}. 404 for an unknown "
					+ "environment, 400 when it has no servers.")
	ResponseEntity<Map<String, Object>> checkEnvironment(@PathVariable String name,
			@RequestBody(required = false) @Nullable CheckRequest request) {
		return accepted(health.checkEnvironment(name, request != null && Boolean.TRUE.equals(request.failOnCritical()), Actors.current()));
	}

	@GetMapping("/health")
	@PreAuthorize("hasRole('VIEWER')")
	@Operation(summary = "The health grid: latest status per server and check",
			description = "checks: the grid's columns (docker, containers, disk, memory, load, ports, firewall); "
					+ "servers: every server (of ?environment= only) with its overall status (the worst check), each "
					+ "check's {status, detail}, the run and time of its latest stored check. A server never checked "
					+ "is UNKNOWN with no checks and checkedAt null. Status: OK, WARNING, CRITICAL, UNKNOWN. "
					+ EnvironmentAccess.LIST_SCOPE_DOC)
	Grid grid(@RequestParam(required = false) @Nullable String environment) {
		String only = (environment == null || environment.isBlank()) ? null : environment;
		return new Grid(Arrays.stream(HealthCheck.values()).map(HealthCheck::value).toList(),
				health.grid(only, EnvironmentAccess.listScope(Actors.current(), only)));
	}

	@GetMapping("/servers/{id}/health")
	@PreAuthorize("hasRole('VIEWER')")
	@RequiresEnvironmentRole(value = Role.VIEWER, resolver = "server")
	@Operation(summary = "A server's health history, newest first",
			description = "Stored results (kept 90 days; the newest is always kept), each with its overall status, "
					+ "reasons and every check's {status, detail}. limit: 1 to 500 (default 50).")
	HealthService.ServerHistory history(@PathVariable UUID id,
			@RequestParam(defaultValue = "50") @Min(1) @Max(HealthService.MAX_HISTORY) int limit) {
		return health.history(id, limit);
	}

	@GetMapping("/environments/{name}/health-thresholds")
	@PreAuthorize("hasRole('VIEWER')")
	@RequiresEnvironmentRole(value = Role.VIEWER, resolver = RequiresEnvironmentRole.ENVIRONMENT, variable = "name")
	@Operation(summary = "The environment's health thresholds",
			description = "Defaults until changed: disk warn 80 %, critical 90 %; memory warn 90 %; 5-minute load per "
					+ "CPU warn 1.0, critical 2.0. updatedAt/updatedBy are null for the defaults.")
	Thresholds thresholds(@PathVariable String name) {
		return Thresholds.of(health.thresholdsView(name));
	}

	@PutMapping("/environments/{name}/health-thresholds")
	@PreAuthorize("hasRole('VIEWER')")
	@RequiresEnvironmentRole(value = Role.ADMIN, resolver = RequiresEnvironmentRole.ENVIRONMENT, variable = "name")
	@Operation(summary = "Change the environment's health thresholds",
			description = "Every field is required. Percentages 1 to 100, load per CPU 0.01 to 1000. A warning "
					+ "threshold above its critical one is refused (400 naming the field). The next health check "
					+ "passes them to the playbook and judges with them.")
	Thresholds update(@PathVariable String name, @Valid @RequestBody HealthThresholds thresholds) {
		return Thresholds.of(health.updateThresholds(name, thresholds, Actors.current()));
	}

	private static ResponseEntity<Map<String, Object>> accepted(UUID runId) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("runId", runId);
		body.put("run", "/api/v1/runs/" + runId);
		body.put("page", "/runs/" + runId);
		return ResponseEntity.accepted().location(URI.create("/api/v1/runs/" + runId)).body(body);
	}

	/** @param failOnCritical a critical server fails the run (default false) */
	record CheckRequest(@Nullable Boolean failOnCritical) {
	}

	/** The grid: its columns and one row per server. */
	record Grid(List<String> checks, List<ServerHealth> servers) {
	}

	/** An environment's thresholds, flat. */
	record Thresholds(String environment, double diskWarnPercent, double diskCriticalPercent,
			double memoryWarnPercent, double loadWarnPerCpu, double loadCriticalPerCpu, @Nullable Instant updatedAt,
			@Nullable String updatedBy) {

		static Thresholds of(HealthService.ThresholdsView view) {
			HealthThresholds t = view.thresholds();
			return new Thresholds(view.environment(), t.diskWarnPercent(), t.diskCriticalPercent(),
					t.memoryWarnPercent(), t.loadWarnPerCpu(), t.loadCriticalPerCpu(), view.updatedAt(),
					view.updatedBy());
		}

	}

}
