package io.opsdeck.identity.web;

import java.util.List;

import io.opsdeck.identity.Role;
import io.opsdeck.identity.internal.TokenService;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;

/**
 * Body of {@code POST /api/v1/tokens}, e.g. {@code {"name":"ci","role":"OPERATOR","expiresInDays":90}}.
 *
 * @param name 1 to 64 of letters, digits, space, dot, underscore, hyphen
 * @param role the token's role, at most the caller's; {@code null} means the caller's role
 * @param expiresInDays lifetime in days, 1 to 3650; {@code null} for a token that never expires
 * @param environments the environments to limit the token to (at most 50 names; they need not exist yet);
 * {@code null} or empty for every environment. A scoped token's base role is at most VIEWER.
 */
record CreateTokenRequest(
		@NotBlank @Pattern(regexp = TokenService.NAME_PATTERN, message = TokenForm.NAME_MESSAGE) String name,
		@Nullable Role role,
		@Min(1) @Max(TokenService.MAX_EXPIRES_IN_DAYS) @Nullable Integer expiresInDays,
		@Nullable @Size(max = TokenService.MAX_ENVIRONMENTS) List<@NotNull @Pattern(regexp = TokenService.ENVIRONMENT_PATTERN,
				message = TokenService.ENVIRONMENT_MESSAGE) String> environments) {
}
