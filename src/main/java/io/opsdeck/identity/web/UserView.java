package io.opsdeck.identity.web;

import java.time.Instant;
import java.util.List;

import io.opsdeck.identity.Role;
import io.opsdeck.identity.internal.GrantSummary;
import io.opsdeck.identity.internal.UserSummary;
import org.jspecify.annotations.Nullable;

/**
 * A user in the users API; never a password hash.
 *
 * @param role the base role: in every environment without a grant, and for global things
 * @param enabled whether the user may sign in and their tokens work
 * @param grants per-environment grants
 * @param lockedUntil until when sign-in is locked after repeated failures, {@code null} when not locked
 */
record UserView(String username, Role role, boolean enabled, Instant createdAt, List<GrantView> grants,
		@Nullable Instant lockedUntil) {

	static UserView of(UserSummary user) {
		return new UserView(user.username(), user.role(), user.enabled(), user.createdAt(),
				user.grants().stream().map(GrantView::of).toList(), user.lockedUntil());
	}

	/**
	 * A per-environment grant.
	 *
	 * @param environment the environment's name
	 * @param role the granted role (below the user's base role it has no effect)
	 * @param grantedBy who granted it, {@code kind:name}
	 * @param grantedAt when
	 */
	record GrantView(String username, String environment, Role role, String grantedBy, Instant grantedAt) {

		static GrantView of(GrantSummary grant) {
			return new GrantView(grant.username(), grant.environment(), grant.role(), grant.grantedBy(),
					grant.grantedAt());
		}

	}

}
