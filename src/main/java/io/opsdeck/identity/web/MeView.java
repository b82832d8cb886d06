package io.opsdeck.identity.web;

import io.opsdeck.identity.Role;
import org.jspecify.annotations.Nullable;

/**
 * Response of {@code GET /api/v1/me}.
 *
 * @param username the signed-in user, or the owner of the token
 * @param role the role in effect (for a token: its role capped at its owner's)
 * @param kind {@code user} or {@code token}
 * @param tokenName the token's name, {@code null} for a signed-in user
 */
record MeView(String username, Role role, String kind, @Nullable String tokenName) {
}
