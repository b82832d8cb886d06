package io.opsdeck.identity.internal;

import java.time.Instant;
import java.util.List;

import io.opsdeck.identity.Role;
import org.jspecify.annotations.Nullable;

/**
 * What may be shown about a user: never the password hash.
 *
 * @param username the user name
 * @param role the base role: the role in every environment without a grant, and for global things
 * @param enabled whether the user may sign in (and their tokens work)
 * @param createdAt when the user was created
 * @param grants the user's per-environment grants, by environment name
 * @param lockedUntil until when sign-in is locked after repeated failures, or {@code null}
 */
public record UserSummary(String username, Role role, boolean enabled, Instant createdAt, List<GrantSummary> grants,
		@Nullable Instant lockedUntil) {
}
