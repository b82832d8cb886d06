package io.opsdeck.identity.web;

import io.opsdeck.identity.Actors;
import io.opsdeck.identity.Role;

import org.springframework.stereotype.Component;

/**
 * For {@code @PreAuthorize} on pages that lead to an environment-specific action but name no environment yet (the
 * "new run" form): {@code @PreAuthorize("@environmentRoles.inAny('OPERATOR')")} lets in whoever has that role in at
 * least one environment; the action itself is then checked per environment.
 */
@Component("environmentRoles")
public class EnvironmentRoles {

	/**
	 * @param role a {@link Role} name
	 * @return whether the current actor has {@code role} somewhere (its base role or a grant)
	 */
	public boolean inAny(String role) {
		Role required = Role.valueOf(role);
		return Actors.find().map(actor -> actor.highestRole().includes(required)).orElse(false);
	}

}
