package io.opsdeck.identity.internal;

import java.util.HashMap;
import java.util.Map;

import io.opsdeck.identity.Actor;
import io.opsdeck.identity.Role;

/**
 * An enabled user's roles as stored right now: the base role ({@code users.role}) and the grants
 * ({@code role_grants}) that raise it per environment.
 *
 * @param username the user name
 * @param base the role in every environment without a grant, and for global things
 * @param grants granted role per environment name, as stored (a grant below the base role has no effect)
 */
public record UserRoles(String username, Role base, Map<String, Role> grants) {

	public UserRoles {
		grants = Map.copyOf(grants);
	}

	/** @return the user's role in {@code environment}: the higher of the base role and the grant */
	public Role roleIn(String environment) {
		Role granted = grants.get(environment);
		return (granted != null && granted.includes(base)) ? granted : base;
	}

	/** @return the environments where {@link #roleIn} is above the base role, with that role */
	public Map<String, Role> raised() {
		Map<String, Role> raised = new HashMap<>();
		grants.forEach((environment, role) -> {
			if (role != base && role.includes(base)) {
				raised.put(environment, role);
			}
		});
		return raised;
	}

	/** @return the signed-in user's actor as of this moment */
	public Actor actor() {
		return new Actor(Actor.Kind.USER, username, base, raised(), null);
	}

}
