package io.opsdeck.identity.internal;

import java.time.Instant;
import java.util.Set;
import java.util.UUID;

import io.opsdeck.identity.Role;
import org.jspecify.annotations.Nullable;

/**
 * What may be shown about a token: everything but its value.
 *
 * @param id token id
 * @param name the name its creator gave it
 * @param tokenPrefix the first 8 characters of the value
 * @param role the role it was created with (its effective role may be lower, see the owner's role)
 * @param owner user name of the owner
 * @param createdAt when it was created
 * @param expiresAt when it stops working, or {@code null} for never
 * @param lastUsedAt last successful authentication, to the minute, or {@code null}
 * @param revokedAt when it was revoked, or {@code null}
 * @param status derived from the timestamps at the time of reading
 * @param environments the environments the token is limited to, or {@code null} for every environment
 */
public record TokenSummary(UUID id, String name, String tokenPrefix, Role role, String owner, Instant createdAt,
		@Nullable Instant expiresAt, @Nullable Instant lastUsedAt, @Nullable Instant revokedAt, TokenStatus status, @Nullable Set<String> environments) {
}
