package io.opsdeck.identity.web;

import java.time.Instant;
import java.util.Set;
import java.util.UUID;

import io.opsdeck.identity.Role;
import io.opsdeck.identity.internal.IssuedToken;
import org.jspecify.annotations.Nullable;

/**
 * Response of {@code POST /api/v1/tokens}: the only response that ever carries a token value.
 *
 * @param token the value to send as {@code Authorization: Bearer <token>}; not stored, cannot be shown again
 * @param environments the environments the token is limited to, {@code null} for every environment
 */
record CreatedTokenView(UUID id, String name, Role role, String owner, String token, String tokenPrefix,
		@Nullable Instant expiresAt, Instant createdAt, @Nullable Set<String> environments) {

	static CreatedTokenView of(IssuedToken issued) {
		var summary = issued.summary();
		return new CreatedTokenView(summary.id(), summary.name(), summary.role(), summary.owner(), issued.value(),
				summary.tokenPrefix(), summary.expiresAt(), summary.createdAt(), summary.environments());
	}

	@Override
	public String toString() {
		return "CreatedTokenView[id=" + id + ", name=" + name + ", token=[PROTECTED]]";
	}

}
