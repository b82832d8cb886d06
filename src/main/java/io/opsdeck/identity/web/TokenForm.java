package io.opsdeck.identity.web;

import java.util.Arrays;
import java.util.List;

import io.opsdeck.identity.Role;
import io.opsdeck.identity.internal.TokenService;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;

/**
 * The create form on the tokens page; same rules as {@link CreateTokenRequest}.
 *
 * @param name 1 to 64 of letters, digits, space, dot, underscore, hyphen
 * @param role the token's role, at most the signed-in user's
 * @param expiresInDays lifetime in days, {@code null} for never
 * @param environments comma-separated environment names to limit the token to; blank for every environment
 */
record TokenForm(
		@NotBlank @Pattern(regexp = TokenService.NAME_PATTERN, message = NAME_MESSAGE) String name,
		@Nullable Role role,
		@Min(1) @Max(TokenService.MAX_EXPIRES_IN_DAYS) @Nullable Integer expiresInDays,
		@Nullable @Size(max = 3200) @Pattern(regexp = ENVIRONMENT_LIST,
				message = "a comma-separated list of environment names (lower-case letters, digits, hyphens)")
		String environments) {

	static final String NAME_MESSAGE = "must be 1 to 64 letters, digits, spaces, dots, underscores or hyphens";

	private static final String ENVIRONMENT = "[a-z0-9][a-z0-9-]{0,62}";

	static final String ENVIRONMENT_LIST = "^\\s*(" + ENVIRONMENT + "\\s*(,\\s*" + ENVIRONMENT + "\\s*)*)?$";

	static TokenForm empty(Role role) {
		return new TokenForm("", role, 90, "");
	}

	/** @return the environment names, or {@code null} for every environment */
	@Nullable List<String> environmentList() {
		if (environments == null || environments.isBlank()) {
			return null;
		}
		return Arrays.stream(environments.split(",")).map(String::strip).filter(e -> !e.isEmpty()).toList();
	}

}
