package io.opsdeck.identity.web;

import io.opsdeck.identity.Role;
import io.opsdeck.identity.internal.TokenService;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The create form on the tokens page; same rules as {@link CreateTokenRequest}.
 *
 * @param name 1 to 64 of letters, digits, space, dot, underscore, hyphen
 * @param role the token's role, at most the signed-in user's
 * @param expiresInDays lifetime in days, {@code null} for never
 */
record TokenForm(
		@NotBlank @Pattern(regexp = TokenService.NAME_PATTERN, message = NAME_MESSAGE) String name,
		@Nullable Role role,
		@Min(1) @Max(TokenService.MAX_EXPIRES_IN_DAYS) @Nullable Integer expiresInDays) {

	static final String NAME_MESSAGE = "must be 1 to 64 letters, digits, spaces, dots, underscores or hyphens";

	static TokenForm empty(Role role) {
		return new TokenForm("", role, 90);
	}

}
