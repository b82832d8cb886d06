package io.opsdeck.identity.web;

import io.opsdeck.identity.Role;
import org.jspecify.annotations.Nullable;

/**
 * The forms in each row of the users page. A refused one re-renders the page with the row's form as sent (a
 * password never: its input has no value) and the message under it; the page knows the row by
 * {@code failedRow} ({@code "<form>:<username>"}, e.g. {@code "password:olivia"}).
 */
final class UserRowForms {

	private UserRowForms() {
	}

	/**
	 * "Save": base role and enabled flag.
	 *
	 * @param role the new base role; {@code null} keeps it
	 * @param enabled whether the user may sign in; {@code null} (box not ticked) is {@code false}
	 */
	record Update(@Nullable Role role, @Nullable Boolean enabled) {
	}

	/**
	 * "Reset": a new password (never rendered back).
	 *
	 * @param password 12 to 72 characters (UserService's policy)
	 */
	record Password(@Nullable String password) {
	}

	/**
	 * "Grant": a role in one environment.
	 *
	 * @param environment the environment's name
	 * @param role the role granted there
	 */
	record Grant(@Nullable String environment, @Nullable Role role) {
	}

}
