package io.opsdeck.inventory.web;

import java.util.UUID;

import io.opsdeck.identity.Actors;
import io.opsdeck.identity.RequiresEnvironmentRole;
import io.opsdeck.identity.Role;
import io.opsdeck.inventory.internal.HostKeyService;
import io.opsdeck.inventory.internal.HostKeyService.HostKeyStatus;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.jspecify.annotations.Nullable;

import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/v1/servers/{id}/host-key}: the server's known-hosts entry and the untrusted key it last offered, for
 * everyone who may view the server; accept, replace or clear for admins of its environment (issue 7, "Host keys";
 * docs/inventory-and-credentials.md). The admin rule is also checked here, so it holds before the route interceptor
 * reads {@link RequiresEnvironmentRole}.
 */
@RestController
@RequestMapping("/api/v1/servers/{id}/host-key")
@Tag(name = "Servers")
class ServerHostKeyApiController {

	private final HostKeyService hostKeys;

	ServerHostKeyApiController(HostKeyService hostKeys) {
		this.hostKeys = hostKeys;
	}

	@GetMapping
	@PreAuthorize("hasRole('VIEWER')")
	@RequiresEnvironmentRole(value = Role.VIEWER, resolver = "server", variable = "id")
	@Operation(summary = "A server's host key",
			description = "The trusted fingerprint and key (known_hosts line), and the untrusted key the server last offered"
					+ " (type, fingerprint, key, first/last seen) with the warning the server page shows.")
	HostKeyStatus get(@PathVariable UUID id) {
		return this.hostKeys.status(id);
	}

	@PostMapping("/accept")
	@PreAuthorize("hasRole('VIEWER')")
	@RequiresEnvironmentRole(value = Role.ADMIN, resolver = "server", variable = "id")
	@Operation(summary = "Accept the host key the server offered",
			description = "The fingerprint must be the recorded offer's (409 otherwise, and when nothing was offered)."
					+ " It becomes the server's trusted key; runs to the server work again.")
	HostKeyStatus accept(@PathVariable UUID id, @RequestBody(required = false) @Nullable FingerprintRequest request) {
		requireAdmin(id);
		return this.hostKeys.accept(id, (request != null) ? request.fingerprint() : null);
	}

	@PutMapping
	@PreAuthorize("hasRole('VIEWER')")
	@RequiresEnvironmentRole(value = Role.ADMIN, resolver = "server", variable = "id")
	@Operation(summary = "Set the trusted host key by hand",
			description = "fingerprint (SHA256:…) and optionally hostKey ('<type> <base64>', whose fingerprint must match).")
	HostKeyStatus replace(@PathVariable UUID id, @RequestBody(required = false) @Nullable HostKeyRequest request) {
		requireAdmin(id);
		return this.hostKeys.replace(id, (request != null) ? request.fingerprint() : null,
				(request != null) ? request.hostKey() : null);
	}

	@DeleteMapping
	@PreAuthorize("hasRole('VIEWER')")
	@RequiresEnvironmentRole(value = Role.ADMIN, resolver = "server", variable = "id")
	@Operation(summary = "Forget the trusted host key",
			description = "A strict server then refuses every key until one is accepted; trust-on-first-use learns the next.")
	HostKeyStatus clear(@PathVariable UUID id) {
		requireAdmin(id);
		return this.hostKeys.clear(id);
	}

	private void requireAdmin(UUID id) {
		String environment = this.hostKeys.status(id).environment();
		if (!Actors.current().can(Role.ADMIN, environment)) {
			throw new AccessDeniedException("changing a host key needs the ADMIN role in " + environment);
		}
	}

	/** @param fingerprint {@code SHA256:<base64>} */
	record FingerprintRequest(@Nullable String fingerprint) {
	}

	/**
	 * @param fingerprint {@code SHA256:<base64>}
	 * @param hostKey optional {@code <type> <base64>}
	 */
	record HostKeyRequest(@Nullable String fingerprint, @Nullable String hostKey) {
	}

}
