package io.opsdeck.identity.web;

import java.util.Map;
import java.util.Set;

import io.opsdeck.identity.Role;
import org.jspecify.annotations.Nullable;

/**
 * Response of {@code GET /api/v1/me}.
 *
 * @param username the signed-in user, or the owner of the token
 * @param role the base role in effect: the role in every environment not listed in {@code environmentRoles}, and
 * for global things (for a token: its role capped at its owner's; at most VIEWER for a scoped token)
 * @param kind {@code user} or {@code token}
 * @param tokenName the token's name, {@code null} for a signed-in user
 * @param environmentRoles the role per environment where it differs from {@code role}, as of this request
 * @param environments a scoped token's environments (it may do nothing environment-specific elsewhere), {@code null}
 * for every environment
 */
record MeView(String username, Role role, String kind, @Nullable String tokenName, Map<String, Role> environmentRoles,
		@Nullable Set<String> environments) {
}
