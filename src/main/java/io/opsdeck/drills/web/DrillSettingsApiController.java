package io.opsdeck.drills.web;

import io.opsdeck.drills.internal.DrillSettingsDetails;
import io.opsdeck.drills.internal.DrillSettingsService;
import io.opsdeck.identity.RequiresEnvironmentRole;
import io.opsdeck.identity.Role;
import io.opsdeck.shared.ETags;
import io.opsdeck.shared.ExpectedVersion;
import io.opsdeck.shared.NotFoundException;
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
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/v1/environments/{name}/drill-settings}: how an environment is restored. Read with VIEWER, change with
 * ADMIN (the start command runs on the server).
 */
@RestController
@RequestMapping("/api/v1/environments/{name}/drill-settings")
@Tag(name = "Drills")
class DrillSettingsApiController {

	private final DrillSettingsService settings;

	DrillSettingsApiController(DrillSettingsService settings) {
		this.settings = settings;
	}

	@GetMapping
	@PreAuthorize("hasRole('VIEWER')")
	@RequiresEnvironmentRole(value = Role.VIEWER, resolver = RequiresEnvironmentRole.ENVIRONMENT, variable = "name")
	@Operation(summary = "An environment's drill settings", description = "404 when none are saved. " + ETags.GET_DOC)
	ResponseEntity<DrillSettingsView> get(@PathVariable String name) {
		DrillSettingsDetails details = settings.find(name)
			.orElseThrow(() -> new NotFoundException("drill settings of environment", name));
		return ETags.ok(DrillSettingsView.of(details), details.version());
	}

	@PutMapping
	@PreAuthorize("hasRole('VIEWER')")
	@RequiresEnvironmentRole(value = Role.ADMIN, resolver = RequiresEnvironmentRole.ENVIRONMENT, variable = "name")
	@Operation(summary = "Save an environment's drill settings",
			description = "Creates or replaces them; omitted values take their defaults. " + ETags.PUT_DOC)
	@ApiResponse(responseCode = "200", description = "the settings as stored, with their new ETag")
	@ApiResponse(responseCode = "412", description = ETags.PRECONDITION_FAILED_DOC)
	ResponseEntity<DrillSettingsView> put(@PathVariable String name, @Valid @RequestBody DrillSettingsRequest request,
			@Parameter(description = ETags.IF_MATCH_DOC) @RequestHeader(name = HttpHeaders.IF_MATCH,
					required = false) @Nullable String ifMatch) {
		DrillSettingsDetails details = settings.save(name, request.toSpec(), ExpectedVersion.ifMatch(ifMatch));
		return ETags.ok(DrillSettingsView.of(details), details.version());
	}

	@DeleteMapping
	@PreAuthorize("hasRole('VIEWER')")
	@RequiresEnvironmentRole(value = Role.ADMIN, resolver = RequiresEnvironmentRole.ENVIRONMENT, variable = "name")
	@Operation(summary = "Delete an environment's drill settings")
	ResponseEntity<Void> delete(@PathVariable String name) {
		if (!settings.delete(name)) {
			throw new NotFoundException("drill settings of environment", name);
		}
		return ResponseEntity.noContent().build();
	}

}
