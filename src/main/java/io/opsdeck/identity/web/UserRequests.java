package io.opsdeck.identity.web;

import io.opsdeck.identity.Role;
import io.opsdeck.identity.internal.UserService;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;

/** Bodies of the users API ({@link UserApiController}). Their {@code toString()} never shows a password. */
final class UserRequests {

	static final String USERNAME_MESSAGE = "must be 1 to 64 letters, digits, dots, underscores, @ or hyphens, "
			+ "starting with a letter or digit";

	static final String PASSWORD_MESSAGE = "must be " + UserService.MIN_PASSWORD + " to " + UserService.MAX_PASSWORD
			+ " characters";

	private UserRequests() {
	}

	/**
	 * {@code POST /api/v1/users}, e.g. {@code {"username":"olivia","password":"…","role":"VIEWER"}}.
	 *
	 * @param username 1 to 64 of letters, digits, {@code . _ @ -}
	 * @param password 12 to 72 characters (at most 72 bytes in UTF-8)
	 * @param role the base role
	 */
	record Create(
			@NotBlank @Pattern(regexp = UserService.USERNAME_PATTERN, message = USERNAME_MESSAGE) String username,
			@NotNull @Size(min = UserService.MIN_PASSWORD, max = UserService.MAX_PASSWORD,
					message = PASSWORD_MESSAGE) String password,
			@NotNull Role role) {

		@Override
		public String toString() {
			return "Create[username=" + username + ", role=" + role + ", password=[PROTECTED]]";
		}

	}

	/**
	 * {@code PUT /api/v1/users/{username}}: every field optional, absent means unchanged.
	 *
	 * @param role new base role
	 * @param enabled {@code false} to disable (sign-in and the user's tokens stop working at once)
	 * @param password a new password, 12 to 72 characters (at most 72 bytes in UTF-8)
	 */
	record Update(@Nullable Role role, @Nullable Boolean enabled,
			@Nullable @Size(min = UserService.MIN_PASSWORD, max = UserService.MAX_PASSWORD,
					message = PASSWORD_MESSAGE) String password) {

		@Override
		public String toString() {
			return "Update[role=" + role + ", enabled=" + enabled + ", password="
					+ ((password != null) ? "[PROTECTED]" : "unchanged") + "]";
		}

	}

	/**
	 * {@code PUT /api/v1/users/{username}/grants/{environment}}, e.g. {@code {"role":"OPERATOR"}}.
	 *
	 * @param role the role in that environment
	 */
	record Grant(@NotNull Role role) {
	}

}
