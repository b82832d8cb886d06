package io.opsdeck.drills.web;

import io.opsdeck.drills.internal.DrillSettingsService;
import io.opsdeck.identity.RequiresEnvironmentRole;
import io.opsdeck.identity.Role;
import io.opsdeck.shared.NotFoundException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;

import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
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
	@Operation(summary = "An environment's drill settings", description = "404 when none are saved.")
	DrillSettingsView get(@PathVariable String name) {
		return settings.find(name)
			.map(DrillSettingsView::of)
			.orElseThrow(() -> new NotFoundException("drill settings of environment", name));
	}

	@PutMapping
	@PreAuthorize("hasRole('VIEWER')")
	@RequiresEnvironmentRole(value = Role.ADMIN, resolver = RequiresEnvironmentRole.ENVIRONMENT, variable = "name")
	@Operation(summary = "Save an environment's drill settings", description = "Creates or replaces them; omitted values take their defaults.")
	DrillSettingsView put(@PathVariable String name, @Valid @RequestBody DrillSettingsRequest request) {
		return DrillSettingsView.of(settings.save(name, request.toSpec()));
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
