package io.opsdeck.patching.web;

import java.net.URI;
import java.util.Map;
import java.util.UUID;

import io.opsdeck.identity.Actors;
import io.opsdeck.identity.RequiresEnvironmentRole;
import io.opsdeck.identity.Role;
import io.opsdeck.patching.PatchCompliance;
import io.opsdeck.patching.PatchRequest;
import io.opsdeck.patching.internal.PackageUpgrade;
import io.opsdeck.patching.internal.PatchService;
import io.opsdeck.shared.PageView;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.jspecify.annotations.Nullable;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Security updates and patch compliance (seed: Security Updates): start an update, read an environment's
 * compliance and a server's upgrade history.
 */
@RestController
@RequestMapping("/api/v1")
@Validated
@Tag(name = "Patching", description = "Security updates (security, full, critical), patch compliance per environment and upgrade history per server")
class PatchingApiController {

	private final PatchService patching;

	PatchingApiController(PatchService patching) {
		this.patching = patching;
	}

	@PostMapping("/environments/{name}/security-updates")
	@PreAuthorize("hasRole('VIEWER')")
	@RequiresEnvironmentRole(value = Role.OPERATOR, resolver = RequiresEnvironmentRole.ENVIRONMENT, variable = "name")
	@Operation(summary = "Start a security update",
			description = "Runs security-updates.yml on every server of the environment as an exclusive run and answers "
					+ "201 {\"runId\"}. mode: security | full | critical (critical needs packages or cves); check: dry "
					+ "run. Policy: a production environment is updated only by its schedule or an ADMIN (403 otherwise); "
					+ "a development environment gets no scheduled updates. 409 when a drill, backup or update is active "
					+ "on the environment."
					+ " In an environment that requires approvals (docs/approvals.md) a person's launch answers 202 "
					+ "{\"approvalId\",\"status\":\"PENDING\",\"approval\":\"/api/v1/approvals/{id}\"} with Location "
					+ "instead, and runs once a second ADMIN approves it.")
	ResponseEntity<Map<String, UUID>> start(@PathVariable String name, @Valid @RequestBody PatchRequest request) {
		UUID runId = patching.launch(name, request, Actors.current());
		return ResponseEntity.created(URI.create("/api/v1/runs/" + runId)).body(Map.of("runId", runId));
	}

	@GetMapping("/environments/{name}/patch-compliance")
	@PreAuthorize("hasRole('VIEWER')")
	@RequiresEnvironmentRole(value = Role.VIEWER, resolver = RequiresEnvironmentRole.ENVIRONMENT, variable = "name")
	@Operation(summary = "The environment's patch compliance",
			description = "Counts of compliant, non-compliant (pending security updates), pending-reboot and unknown "
					+ "(never checked) servers, and each server's state as its last update run reported it.")
	PatchCompliance compliance(@PathVariable String name) {
		return patching.compliance(name);
	}

	@GetMapping(path = "/environments/{name}/patch-compliance/summary", produces = MediaType.TEXT_PLAIN_VALUE)
	@PreAuthorize("hasRole('VIEWER')")
	@RequiresEnvironmentRole(value = Role.VIEWER, resolver = RequiresEnvironmentRole.ENVIRONMENT, variable = "name")
	@Operation(summary = "The environment's patch compliance as lines for a terminal",
			description = "Plain text: one line per server, then the counts (what scripts/security-update.sh prints). "
					+ "run=ID: servers that run did not report on say so.")
	ResponseEntity<String> summary(@PathVariable String name, @RequestParam(required = false) @Nullable UUID run) {
		return ResponseEntity.ok()
			.contentType(new MediaType("text", "plain", java.nio.charset.StandardCharsets.UTF_8))
			.body(PatchComplianceText.of(patching.compliance(name), run));
	}

	@GetMapping("/servers/{id}/patch-history")
	@PreAuthorize("hasRole('VIEWER')")
	@RequiresEnvironmentRole(value = Role.VIEWER, resolver = "server")
	@Operation(summary = "Packages updates changed on a server, newest first")
	PageView<PackageUpgrade> history(@PathVariable UUID id, @RequestParam(defaultValue = "0") @Min(0) @Max(1_000_000) int page,
			@RequestParam(defaultValue = "50") @Min(1) @Max(200) int size) {
		return patching.history(id, page, size);
	}

}
