package io.opsdeck.identity;

import java.util.Collection;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import org.springframework.security.access.AccessDeniedException;

/**
 * Checks for handlers whose environment is only known from the request body
 * ({@code @RequiresEnvironmentRole(resolver = "body")}, e.g. {@code POST /api/v1/runs}): the service calls
 * {@link #require(Actor, Role, String)} for every environment the request touches. A denial is Spring Security's
 * {@link AccessDeniedException}, answered {@code 403} (problem JSON for the API, the 403 page for pages).
 */
public final class EnvironmentAccess {

	/**
	 * The sentence every environment-specific list's OpenAPI description ends with (springdoc {@code @Operation}), so
	 * the API documentation states {@link #listScope(Actor, String)} the same way everywhere.
	 */
	public static final String LIST_SCOPE_DOC = "A token scoped to some environments sees only its environments "
			+ "(also in totals and page counts); 403 for an environment outside its scope.";

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
	 * The one rule for lists of environment-specific things (servers, schedules, drills, health, approvals, ...;
	 * docs/security.md, "Scoped tokens"): an unscoped actor (every signed-in user, an unscoped token) sees every
	 * environment; a token scoped to some environments sees only those, also in totals and page counts, so the list's
	 * query must filter by the returned names ({@code environment in (:scope)}), never the page it loaded. An explicit
	 * environment filter outside the scope is refused like a single-item read. Things of no environment keep their
	 * visibility: the caller decides, the rule only speaks of environments.
	 * <p>
	 * Usage: {@code Set<String> scope = EnvironmentAccess.listScope(Actors.current(), environment);} then
	 * {@code scope == null}: the query as before (no extra cost for sessions and unscoped tokens), otherwise the query
	 * with {@code environment in (:scope)} added.
	 * @param actor who asks
	 * @param requested the list's own environment filter ({@code ?environment=}), or {@code null}/blank for none
	 * @return {@code null} when the list needs no limit beyond its own filter (an unscoped actor, or a requested
	 * environment inside the scope); otherwise the scope's environment names (empty only for an actor made with an empty scope: then nothing)
	 * @throws AccessDeniedException ({@code 403}) when {@code requested} is outside a scoped token's environments
	 */
	public static @Nullable Set<String> listScope(Actor actor, @Nullable String requested) {
		Set<String> scope = actor.environments();
		if (scope == null) {
			return null;
		}
		if (requested != null && !requested.isBlank()) {
			if (actor.roleIn(requested).isEmpty()) {
				throw denied(Role.VIEWER, requested);
			}
			return null;
		}
		return scope;
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
