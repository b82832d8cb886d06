package io.opsdeck.identity.web;

import java.time.Instant;
import java.util.Set;
import java.util.UUID;

import io.opsdeck.identity.Role;
import io.opsdeck.identity.internal.TokenStatus;
import io.opsdeck.identity.internal.TokenSummary;
import org.jspecify.annotations.Nullable;

/**
 * A token in {@code GET /api/v1/tokens}; never its value.
 *
 * @param status {@code ACTIVE}, {@code EXPIRED} or {@code REVOKED} at the time of the request
 * @param environments the environments the token is limited to, {@code null} for every environment
 */
record TokenView(UUID id, String name, String tokenPrefix, Role role, String owner, Instant createdAt,
		@Nullable Instant expiresAt, @Nullable Instant lastUsedAt, @Nullable Instant revokedAt, TokenStatus status,
		@Nullable Set<String> environments) {

	static TokenView of(TokenSummary token) {
		return new TokenView(token.id(), token.name(), token.tokenPrefix(), token.role(), token.owner(),
				token.createdAt(), token.expiresAt(), token.lastUsedAt(), token.revokedAt(), token.status(), token.environments());
	}

}
