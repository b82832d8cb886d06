package io.opsdeck.provisioning.web;

import java.net.URI;
import java.util.Map;
import java.util.UUID;

import io.opsdeck.identity.Actors;
import io.opsdeck.identity.RequiresEnvironmentRole;
import io.opsdeck.identity.Role;
import io.opsdeck.provisioning.ProvisionRequest;
import io.opsdeck.provisioning.Provisioning;
import io.opsdeck.provisioning.ProvisioningSettings;
import io.opsdeck.provisioning.ServerProvisioning;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Provisioning REST API (docs/provisioning.md): an environment's settings (read with VIEWER, change with ADMIN),
 * starting {@code provision.yml} on a server (OPERATOR; a real run on production needs ADMIN) and a server's
 * provisioning state (VIEWER). Never returns a secret's value: settings hold credential ids only.
 */
@RestController
@RequestMapping("/api/v1")
@Tag(name = "Provisioning", description = "Provision a server with provision.yml (tags, check mode), the environment's provisioning settings, and what each tag last changed")
class ProvisioningApiController {

	private final Provisioning provisioning;

	ProvisioningApiController(Provisioning provisioning) {
		this.provisioning = provisioning;
	}

	@GetMapping("/environments/{name}/provisioning-settings")
	@PreAuthorize("hasRole('VIEWER')")
	@RequiresEnvironmentRole(value = Role.VIEWER, resolver = RequiresEnvironmentRole.ENVIRONMENT, variable = "name")
	@Operation(summary = "An environment's provisioning settings",
			description = "The seed's variables (domainName, sslEmail, githubActionsSshKey, gitRepoUrl, gitBranch, "
					+ "djangoAdminUser, djangoAdminEmail, awsRegion) and the ids of the secret credentials for "
					+ "db_password and django_admin_password. Unset values are null.")
	ProvisioningSettings settings(@PathVariable String name) {
		return provisioning.settings(name);
	}

	@PutMapping("/environments/{name}/provisioning-settings")
	@PreAuthorize("hasRole('VIEWER')")
	@RequiresEnvironmentRole(value = Role.ADMIN, resolver = RequiresEnvironmentRole.ENVIRONMENT, variable = "name")
	@Operation(summary = "Replace an environment's provisioning settings",
			description = "Absent or blank values are cleared. 400 names the field: domainName must be a DNS name, "
					+ "sslEmail/djangoAdminEmail e-mail addresses, githubActionsSshKey one public key line, gitRepoUrl "
					+ "an https://, ssh:// or git@host:path URL, the credential ids credentials of type 'secret'.")
	ProvisioningSettings saveSettings(@PathVariable String name, @RequestBody ProvisioningSettings settings) {
		return provisioning.saveSettings(name, settings, Actors.current());
	}

	@PostMapping("/servers/{id}/provision")
	@PreAuthorize("hasRole('VIEWER')")
	@RequiresEnvironmentRole(value = Role.OPERATOR, resolver = "server")
	@Operation(summary = "Provision a server",
			description = "Runs provision.yml with --limit <server> as an exclusive run of its environment and answers "
					+ "202 {\"id\",\"status\"} with Location /api/v1/runs/{id}, like POST /runs. tags: common, security, "
					+ "docker, ssl, monitoring, failover, django (empty list: all); check: dry run. The body is required "
					+ "({} = every tag for real). Servers on the local connection (the Opsdeck host) are refused. Variables come from the "
					+ "environment's settings, secrets from the credential store (masked in output). 400 for an unknown "
					+ "tag or a setting a chosen tag needs; 403 for a real run on production without ADMIN; 409 when "
					+ "another exclusive run is queued or running on the environment."
					+ " In an environment that requires approvals (docs/approvals.md) a person's launch answers 202 "
					+ "{\"approvalId\",\"status\":\"PENDING\",\"approval\":\"/api/v1/approvals/{id}\"} with Location "
					+ "instead, and runs once a second ADMIN approves it.")
	ResponseEntity<Map<String, Object>> provision(@PathVariable UUID id, @RequestBody ProvisionRequest request) {
		// the body is required: an empty POST must not start a real run of every tag
		UUID runId = provisioning.provision(id, request, Actors.current());
		return ResponseEntity.accepted()
			.location(URI.create("/api/v1/runs/" + runId))
			.body(Map.of("id", runId, "status", "QUEUED"));
	}

	@GetMapping("/servers/{id}/provisioning")
	@PreAuthorize("hasRole('VIEWER')")
	@RequiresEnvironmentRole(value = Role.VIEWER, resolver = "server")
	@Operation(summary = "A server's provisioning state",
			description = "Its last provision run (id, status, check mode, tags, who, when), its roles, and per tag "
					+ "what the last run that ran it did (ok/changed/failed/skipped, names of changed tasks).")
	ServerProvisioning state(@PathVariable UUID id) {
		return provisioning.provisioning(id);
	}

}
