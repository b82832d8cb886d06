package io.opsdeck.identity.web;

import io.opsdeck.identity.Role;
import org.jspecify.annotations.Nullable;

/**
 * The users page's "Create a user" form. The {@code password} is bound but never rendered back: a refused form
 * keeps the user name and role and asks for the password again.
 */
record NewUserForm(@Nullable String username, @Nullable String password, @Nullable Role role) {

	static NewUserForm empty() {
		return new NewUserForm("", null, Role.VIEWER);
	}

}
