package io.opsdeck.inventory.web;

import java.net.URI;
import java.util.Set;

import io.opsdeck.identity.Actors;
import io.opsdeck.identity.EnvironmentAccess;
import io.opsdeck.identity.RequiresEnvironmentRole;
import io.opsdeck.identity.Role;
import io.opsdeck.inventory.internal.EnvironmentDetails;
import io.opsdeck.inventory.internal.EnvironmentService;
import io.opsdeck.shared.ETags;
import io.opsdeck.shared.ExpectedVersion;
import io.opsdeck.shared.PageView;
import io.opsdeck.shared.Paging;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
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
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/** {@code /api/v1/environments}: read with VIEWER, manage with ADMIN. */
@RestController
@RequestMapping("/api/v1/environments")
class EnvironmentsApiController {

	private final EnvironmentService environments;

	EnvironmentsApiController(EnvironmentService environments) {
		this.environments = environments;
	}

	@GetMapping
	@PreAuthorize("hasRole('VIEWER')")
	@Operation(summary = "List environments, by name", description = EnvironmentAccess.LIST_SCOPE_DOC)
	PageView<EnvironmentView> list(@RequestParam(defaultValue = "0") int page,
			@RequestParam(defaultValue = "50") int size) {
		Set<String> scope = EnvironmentAccess.listScope(Actors.current(), null);
		PageView<EnvironmentDetails> found = this.environments.list(scope, Paging.page(page), Paging.size(size));
		return new PageView<>(found.items().stream().map(EnvironmentView::of).toList(), found.page(), found.size(),
				found.totalItems(), found.totalPages());
	}

	@GetMapping("/{name}")
	@PreAuthorize("hasRole('VIEWER')")
	@RequiresEnvironmentRole(value = Role.VIEWER, resolver = RequiresEnvironmentRole.ENVIRONMENT, variable = "name")
	@Operation(summary = "One environment", description = ETags.GET_DOC)
	ResponseEntity<EnvironmentView> get(@PathVariable String name) {
		EnvironmentDetails environment = this.environments.get(name);
		return ETags.ok(EnvironmentView.of(environment), environment.version());
	}

	@PostMapping
	@PreAuthorize("hasRole('ADMIN')")
	ResponseEntity<EnvironmentView> create(@Valid @RequestBody EnvironmentRequest request) {
		EnvironmentDetails created = this.environments.create(request.toSpec());
		URI location = ServletUriComponentsBuilder.fromCurrentRequest()
			.path("/{name}")
			.buildAndExpand(created.name())
			.toUri();
		return ResponseEntity.created(location).body(EnvironmentView.of(created));
	}

	@PutMapping("/{name}")
	@PreAuthorize("hasRole('VIEWER')")
	@RequiresEnvironmentRole(value = Role.ADMIN, resolver = RequiresEnvironmentRole.ENVIRONMENT, variable = "name")
	@Operation(summary = "Change an environment's kind, provider, region and description",
			description = "Environments are not renamed. " + ETags.PUT_DOC)
	@ApiResponse(responseCode = "200", description = "the environment as stored, with its new ETag")
	@ApiResponse(responseCode = "412", description = ETags.PRECONDITION_FAILED_DOC)
	ResponseEntity<EnvironmentView> update(@PathVariable String name, @Valid @RequestBody EnvironmentRequest request,
			@Parameter(description = ETags.IF_MATCH_DOC) @RequestHeader(name = HttpHeaders.IF_MATCH,
					required = false) @Nullable String ifMatch) {
		EnvironmentDetails environment = this.environments.update(name, request.toSpec(),
				ExpectedVersion.ifMatch(ifMatch));
		return ETags.ok(EnvironmentView.of(environment), environment.version());
	}

	@DeleteMapping("/{name}")
	@PreAuthorize("hasRole('ADMIN')")
	ResponseEntity<Void> delete(@PathVariable String name) {
		this.environments.delete(name);
		return ResponseEntity.noContent().build();
	}

}
