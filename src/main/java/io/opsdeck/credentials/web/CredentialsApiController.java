package io.opsdeck.credentials.web;

import java.net.URI;
import java.util.UUID;

import io.opsdeck.shared.Paging;
import io.opsdeck.credentials.CredentialSummary;
import io.opsdeck.credentials.internal.CredentialService;
import io.opsdeck.identity.Actors;
import io.opsdeck.shared.PageView;
import jakarta.validation.Valid;

import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * {@code /api/v1/credentials}: read with VIEWER, manage with ADMIN. Responses are {@link CredentialSummary}: never
 * the key, its passphrase or a secret's value (a secret is never shown again after it is added).
 */
@RestController
@RequestMapping("/api/v1/credentials")
class CredentialsApiController {

	private final CredentialService credentials;

	CredentialsApiController(CredentialService credentials) {
		this.credentials = credentials;
	}

	/** @return one page by name; {@code 400} for {@code page} outside 0-1,000,000 or {@code size} outside 1-200 */
	@GetMapping
	@PreAuthorize("hasRole('VIEWER')")
	PageView<CredentialSummary> list(@RequestParam(defaultValue = "0") int page,
			@RequestParam(defaultValue = "50") int size) {
		return this.credentials.list(Paging.page(page), Paging.size(size));
	}

	@GetMapping("/{id}")
	@PreAuthorize("hasRole('VIEWER')")
	CredentialSummary get(@PathVariable UUID id) {
		return this.credentials.get(id);
	}

	@PostMapping
	@PreAuthorize("hasRole('ADMIN')")
	ResponseEntity<CredentialSummary> create(@Valid @RequestBody CredentialRequest request) {
		String actor = Actors.current().display();
		CredentialSummary created = request.isSecret() ? this.credentials.createSecret(request.toNewSecret(), actor)
				: this.credentials.create(request.toNewCredential(), actor);
		URI location = ServletUriComponentsBuilder.fromCurrentRequest()
			.path("/{id}")
			.buildAndExpand(created.id())
			.toUri();
		return ResponseEntity.created(location).body(created);
	}

	@DeleteMapping("/{id}")
	@PreAuthorize("hasRole('ADMIN')")
	ResponseEntity<Void> delete(@PathVariable UUID id) {
		this.credentials.delete(id);
		return ResponseEntity.noContent().build();
	}

}
