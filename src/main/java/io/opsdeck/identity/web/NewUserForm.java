package io.opsdeck.identity.web;

import io.opsdeck.identity.Role;
import io.opsdeck.identity.internal.UserService;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;

/**
 * The users page's "Create a user" form. The {@code password} is bound but never rendered back: a refused form
 * keeps the user name and role and asks for the password again. The name's and the password's rules are checked
 * here too (the same as the API's {@link UserRequests.Create}), so that a form with both wrong shows both messages at
 * once; {@link UserService#create} still checks everything.
 */
record NewUserForm(
		@Nullable @Pattern(regexp = UserService.USERNAME_PATTERN,
				message = UserRequests.USERNAME_MESSAGE) String username,
		@Nullable @Size(min = UserService.MIN_PASSWORD, max = UserService.MAX_PASSWORD,
				message = UserRequests.PASSWORD_MESSAGE) String password,
		@Nullable Role role) {

	static NewUserForm empty() {
		return new NewUserForm("", null, Role.VIEWER);
	}

}
