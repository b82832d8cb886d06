package io.opsdeck.identity;

import java.util.Collection;

import org.springframework.security.access.AccessDeniedException;

/**
 * Checks for handlers whose environment is only known from the request body
 * ({@code @RequiresEnvironmentRole(resolver = "body")}, e.g. {@code POST /api/v1/runs}): the service calls
 * {@link #require(Actor, Role, String)} for every environment the request touches. A denial is Spring Security's
 * {@link AccessDeniedException}, answered {@code 403} (problem JSON for the API, the 403 page for pages).
 */
public final class EnvironmentAccess {

	private EnvironmentAccess() {
	}

	/**
	 * @param actor who asks
	 * @param required the role the action needs
	 * @param environment the environment's name
	 * @throws AccessDeniedException when {@code actor}'s role in {@code environment} does not include
	 * {@code required}, or a scoped token is outside its environments
	 */
	public static void require(Actor actor, Role required, String environment) {
		if (!actor.can(required, environment)) {
			throw denied(required, environment);
		}
	}

	/**
	 * @param actor who asks
	 * @param required the role the action needs in each
	 * @param environments every environment the action touches
	 * @throws AccessDeniedException naming the first environment where the role is missing
	 */
	public static void requireAll(Actor actor, Role required, Collection<String> environments) {
		for (String environment : environments) {
			require(actor, required, environment);
		}
	}

	/**
	 * For things that belong to no environment (a team-wide checklist item, a run whose servers are gone): the base
	 * role decides, and a token scoped to some environments may not.
	 * @param actor who asks
	 * @param required the role the action needs
	 * @throws AccessDeniedException when the base role does not include {@code required} or the actor is scoped
	 */
	public static void requireUnscoped(Actor actor, Role required) {
		if (actor.environments() != null || !actor.role().includes(required)) {
			throw new AccessDeniedException("This action needs the " + required + " role in every environment");
		}
	}

	/**
	 * @param required the missing role
	 * @param environment where it is missing
	 * @return the exception the route rules throw
	 */
	public static AccessDeniedException denied(Role required, String environment) {
		return new AccessDeniedException(
				"This action needs the " + required + " role in environment '" + environment + "'");
	}

}
