package io.opsdeck.identity.web;

import java.net.URI;
import java.util.List;

import io.opsdeck.identity.internal.UserService;
import io.opsdeck.shared.NotFoundException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/v1/users}: users, their per-environment grants and sign-in lock-outs; ADMIN only (a global rule,
 * docs/design/trust-contract.md). Rules live in {@link UserService}.
 */
@RestController
@RequestMapping("/api/v1/users")
@Tag(name = "Users", description = "Users, base roles, per-environment grants, lock-outs (ADMIN)")
class UserApiController {

	private final UserService users;

	UserApiController(UserService users) {
		this.users = users;
	}

	@GetMapping
	@PreAuthorize("hasRole('ADMIN')")
	@Operation(summary = "List users with their grants, by name")
	List<UserView> list() {
		return users.list().stream().map(UserView::of).toList();
	}

	@PostMapping
	@PreAuthorize("hasRole('ADMIN')")
	@Operation(summary = "Create a user", description = "Password 12 to 72 characters, at most 72 bytes in UTF-8 (bcrypt); 409 when the name is taken.")
	ResponseEntity<UserView> create(@Valid @RequestBody UserRequests.Create request) {
		UserView created = UserView.of(users.create(request.username(), request.password(), request.role()));
		return ResponseEntity.created(URI.create("/api/v1/users/" + created.username())).body(created);
	}

	@GetMapping("/{username}")
	@PreAuthorize("hasRole('ADMIN')")
	@Operation(summary = "One user with their grants")
	UserView get(@PathVariable String username) {
		return UserView.of(users.get(username));
	}

	@PutMapping("/{username}")
	@PreAuthorize("hasRole('ADMIN')")
	@Operation(summary = "Change a user's base role, enable/disable, or reset the password",
			description = "Absent fields stay as they are. 409 when this would leave no enabled ADMIN.")
	UserView update(@PathVariable String username, @Valid @RequestBody UserRequests.Update request) {
		return UserView.of(users.update(username, request.role(), request.enabled(), request.password()));
	}

	@DeleteMapping("/{username}")
	@PreAuthorize("hasRole('ADMIN')")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	@Operation(summary = "Delete a user, their grants, and revoke their API tokens",
			description = "409 for the last enabled ADMIN.")
	void delete(@PathVariable String username) {
		users.delete(username);
	}

	@PostMapping("/{username}/unlock")
	@PreAuthorize("hasRole('ADMIN')")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	@Operation(summary = "Lift a sign-in lock-out of the user name after repeated failures")
	void unlock(@PathVariable String username) {
		users.unlock(username);
	}

	@GetMapping("/{username}/grants")
	@PreAuthorize("hasRole('ADMIN')")
	@Operation(summary = "A user's per-environment grants")
	List<UserView.GrantView> grants(@PathVariable String username) {
		return users.grants(username).stream().map(UserView.GrantView::of).toList();
	}

	@GetMapping("/{username}/grants/{environment}")
	@PreAuthorize("hasRole('ADMIN')")
	@Operation(summary = "One grant; 404 when the user has none in that environment")
	UserView.GrantView grant(@PathVariable String username, @PathVariable String environment) {
		return users.grants(username)
			.stream()
			.filter(grant -> grant.environment().equals(environment))
			.findFirst()
			.map(UserView.GrantView::of)
			.orElseThrow(() -> new NotFoundException("grant", username + "/" + environment));
	}

	@PutMapping("/{username}/grants/{environment}")
	@PreAuthorize("hasRole('ADMIN')")
	@Operation(summary = "Grant a role in one environment (create or replace)",
			description = "Raises the user's base role in that environment only; never lowers it. The environment "
					+ "is kept by name and need not exist yet.")
	UserView.GrantView putGrant(@PathVariable String username, @PathVariable String environment,
			@Valid @RequestBody UserRequests.Grant request) {
		return UserView.GrantView.of(users.grant(username, environment, request.role()));
	}

	@DeleteMapping("/{username}/grants/{environment}")
	@PreAuthorize("hasRole('ADMIN')")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	@Operation(summary = "Revoke a grant; takes effect on the user's next request, also in open sessions")
	void revokeGrant(@PathVariable String username, @PathVariable String environment) {
		users.revokeGrant(username, environment);
	}

}
