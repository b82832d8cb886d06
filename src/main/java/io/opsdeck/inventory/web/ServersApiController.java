package io.opsdeck.inventory.web;

import java.net.URI;
import java.util.Set;
import java.util.UUID;

import io.opsdeck.identity.Actors;
import io.opsdeck.identity.EnvironmentAccess;
import io.opsdeck.identity.RequiresEnvironmentRole;
import io.opsdeck.identity.Role;
import io.opsdeck.inventory.internal.ServerDetails;
import io.opsdeck.inventory.internal.ServerService;
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

/**
 * {@code /api/v1/servers}: read with VIEWER, manage with ADMIN (so only admins can create or change a server with
 * the local connection).
 */
@RestController
@RequestMapping("/api/v1/servers")
class ServersApiController {

	private final ServerService servers;

	ServersApiController(ServerService servers) {
		this.servers = servers;
	}

	@GetMapping
	@PreAuthorize("hasRole('VIEWER')")
	@Operation(summary = "List servers, by name",
			description = "Filters (all optional, combined): environment (name), host (address or DNS name, ignoring "
					+ "case; how provision-server.sh finds a server by its IP), name (exact). " + EnvironmentAccess.LIST_SCOPE_DOC)
	PageView<ServerView> list(@RequestParam(required = false) @Nullable String environment,
			@RequestParam(required = false) @Nullable String host, @RequestParam(required = false) @Nullable String name,
			@RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "50") int size) {
		Set<String> scope = EnvironmentAccess.listScope(Actors.current(), environment);
		PageView<ServerDetails> found = this.servers.list(environment, host, name, scope, Paging.page(page),
				Paging.size(size));
		return new PageView<>(found.items().stream().map(ServerView::of).toList(), found.page(), found.size(),
				found.totalItems(), found.totalPages());
	}

	@GetMapping("/{id}")
	@PreAuthorize("hasRole('VIEWER')")
	@RequiresEnvironmentRole(value = Role.VIEWER, resolver = "server")
	@Operation(summary = "One server", description = ETags.GET_DOC)
	ResponseEntity<ServerView> get(@PathVariable UUID id) {
		ServerDetails server = this.servers.get(id);
		return ETags.ok(ServerView.of(server), server.version());
	}

	@PostMapping
	@PreAuthorize("hasRole('VIEWER')")
	@RequiresEnvironmentRole(value = Role.ADMIN, resolver = RequiresEnvironmentRole.BODY)
	ResponseEntity<ServerView> create(@Valid @RequestBody ServerRequest request) {
		ServerDetails created = this.servers.create(request.toSpec());
		URI location = ServletUriComponentsBuilder.fromCurrentRequest()
			.path("/{id}")
			.buildAndExpand(created.id())
			.toUri();
		return ResponseEntity.created(location).body(ServerView.of(created));
	}

	@PutMapping("/{id}")
	@PreAuthorize("hasRole('VIEWER')")
	@RequiresEnvironmentRole(value = Role.ADMIN, resolver = "server")
	@Operation(summary = "Replace a server", description = "A run that records the server's host key raises its "
			+ "version too. " + ETags.PUT_DOC)
	@ApiResponse(responseCode = "200", description = "the server as stored, with its new ETag")
	@ApiResponse(responseCode = "412", description = ETags.PRECONDITION_FAILED_DOC)
	ResponseEntity<ServerView> update(@PathVariable UUID id, @Valid @RequestBody ServerRequest request,
			@Parameter(description = ETags.IF_MATCH_DOC) @RequestHeader(name = HttpHeaders.IF_MATCH,
					required = false) @Nullable String ifMatch) {
		ServerDetails server = this.servers.update(id, request.toSpec(), ExpectedVersion.ifMatch(ifMatch));
		return ETags.ok(ServerView.of(server), server.version());
	}

	@DeleteMapping("/{id}")
	@PreAuthorize("hasRole('VIEWER')")
	@RequiresEnvironmentRole(value = Role.ADMIN, resolver = "server")
	ResponseEntity<Void> delete(@PathVariable UUID id) {
		this.servers.delete(id);
		return ResponseEntity.noContent().build();
	}

}
