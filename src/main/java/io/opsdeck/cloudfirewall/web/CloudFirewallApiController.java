package io.opsdeck.cloudfirewall.web;

import io.opsdeck.cloudfirewall.CloudFirewalls;
import io.opsdeck.cloudfirewall.FirewallPlan;
import io.opsdeck.cloudfirewall.internal.FirewallSettingsDetails;
import io.opsdeck.cloudfirewall.internal.FirewallSettingsService;
import io.opsdeck.identity.RequiresEnvironmentRole;
import io.opsdeck.identity.Role;
import io.opsdeck.shared.ETags;
import io.opsdeck.shared.ExpectedVersion;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/v1/environments/{name}/cloud-firewall}: settings (read with VIEWER, change with ADMIN), plan
 * (OPERATOR: reads the cloud, changes nothing) and apply (ADMIN: changes the cloud).
 */
@RestController
@RequestMapping("/api/v1/environments/{name}/cloud-firewall")
@Tag(name = "Cloud firewall",
		description = "AWS security group / DigitalOcean Cloud Firewall per environment for ports 22, 80, 443")
class CloudFirewallApiController {

	private final FirewallSettingsService settings;

	private final CloudFirewalls firewalls;

	CloudFirewallApiController(FirewallSettingsService settings, CloudFirewalls firewalls) {
		this.settings = settings;
		this.firewalls = firewalls;
	}

	@GetMapping
	@PreAuthorize("hasRole('VIEWER')")
	@RequiresEnvironmentRole(value = Role.VIEWER, resolver = RequiresEnvironmentRole.ENVIRONMENT, variable = "name")
	@Operation(summary = "The environment's cloud firewall settings",
			description = "References only: the secret stays in the credential store. 404 when none are configured. "
					+ ETags.GET_DOC)
	ResponseEntity<FirewallSettingsDetails> get(@PathVariable String name) {
		FirewallSettingsDetails details = settings.get(name);
		return ETags.ok(details, details.version());
	}

	@PutMapping
	@PreAuthorize("hasRole('VIEWER')")
	@RequiresEnvironmentRole(value = Role.ADMIN, resolver = RequiresEnvironmentRole.ENVIRONMENT, variable = "name")
	@Operation(summary = "Configure the environment's cloud firewall",
			description = "Creates or replaces the settings. credentialId must be a credential of type secret (AWS "
					+ "secret access key or DigitalOcean API token); accessKeyId is required on AWS and must be empty "
					+ "on DigitalOcean. The region is the environment's. Nothing is sent to the cloud. " + ETags.PUT_DOC)
	@ApiResponse(responseCode = "200", description = "the settings as stored, with their new ETag")
	@ApiResponse(responseCode = "412", description = ETags.PRECONDITION_FAILED_DOC)
	ResponseEntity<FirewallSettingsDetails> put(@PathVariable String name,
			@Valid @RequestBody CloudFirewallRequest request, @Parameter(description = ETags.IF_MATCH_DOC)
			@RequestHeader(name = HttpHeaders.IF_MATCH, required = false) @Nullable String ifMatch) {
		FirewallSettingsDetails details = settings.save(name, request.toUpdate(), ExpectedVersion.ifMatch(ifMatch));
		return ETags.ok(details, details.version());
	}

	@DeleteMapping
	@PreAuthorize("hasRole('VIEWER')")
	@RequiresEnvironmentRole(value = Role.ADMIN, resolver = RequiresEnvironmentRole.ENVIRONMENT, variable = "name")
	@Operation(summary = "Forget the environment's cloud firewall settings",
			description = "The security group / firewall in the cloud is not touched.")
	ResponseEntity<Void> delete(@PathVariable String name) {
		settings.delete(name);
		return ResponseEntity.noContent().build();
	}

	@PostMapping("/plan")
	@PreAuthorize("hasRole('VIEWER')")
	@RequiresEnvironmentRole(value = Role.OPERATOR, resolver = RequiresEnvironmentRole.ENVIRONMENT, variable = "name")
	@Operation(summary = "Plan: what applying would change",
			description = "Reads the group, its rules and the servers' instances from the cloud; changes nothing. "
					+ "changes lists, in order, CREATE_GROUP, ADD_RULE (tcp 22/80/443 from 0.0.0.0/0 and ::/0) and "
					+ "ATTACH (one per server instance); inSync is true when there is nothing to do. A cloud failure "
					+ "is a 502 problem with reason credentials, access-denied, not-found, rejected, unreachable or "
					+ "other.")
	FirewallPlan plan(@PathVariable String name) {
		return firewalls.plan(name);
	}

	@PostMapping("/apply")
	@PreAuthorize("hasRole('VIEWER')")
	@RequiresEnvironmentRole(value = Role.ADMIN, resolver = RequiresEnvironmentRole.ENVIRONMENT, variable = "name")
	@Operation(summary = "Apply: plan again and make exactly those changes",
			description = "Returns the plan with the changes made (empty when already in sync). If the cloud fails "
					+ "midway, the 502 problem's applied property lists the changes already made; plan again to see "
					+ "what is missing.")
	FirewallPlan apply(@PathVariable String name) {
		return firewalls.apply(name);
	}

}
