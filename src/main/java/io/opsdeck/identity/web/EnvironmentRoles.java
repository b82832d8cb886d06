package io.opsdeck.identity.web;

import java.util.Collection;
import java.util.Optional;
import java.util.Set;

import io.opsdeck.identity.Actor;
import io.opsdeck.identity.Actors;
import io.opsdeck.identity.EnvironmentResolver;
import io.opsdeck.identity.RequiresEnvironmentRole;
import io.opsdeck.identity.Role;

import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * The current actor's roles per environment, for {@code @PreAuthorize} and for templates deciding which buttons to
 * show (docs/security.md, "Roles per environment").
 * <ul>
 * <li>{@link #inAny(String)}: for pages that lead to an environment-specific action but name no environment yet (the
 * "new run" form): {@code @PreAuthorize("@environmentRoles.inAny('OPERATOR')")} lets in whoever has that role in at
 * least one environment; the action itself is then checked per environment. Templates use it for navigation and for
 * links to such forms.</li>
 * <li>{@link #in(String, String)} and {@link #inAll(String, Collection)}: for a button or form acting on one
 * environment's things, shown exactly when the route rule ({@code @RequiresEnvironmentRole}) would let the request
 * through: {@code th:if="${@environmentRoles.in('OPERATOR', server.environment)}"}.</li>
 * <li>{@link #inEnvironmentOf(String, String, Object)}: the same for a page that knows the thing's id but not its
 * environment (a run, which may span environments): asks the {@link EnvironmentResolver} the route rule asks,
 * {@code th:if="${@environmentRoles.inEnvironmentOf('OPERATOR', 'run', run.id)}"}. One look-up per call: use it
 * for a page's own thing, not per row of a list.</li>
 * </ul>
 * Global buttons (users, credentials, creating environments, notification channels) stay on the base role:
 * {@code sec:authorize="hasRole('ADMIN')"}.
 */
@Component("environmentRoles")
public class EnvironmentRoles {

	private final ObjectProvider<EnvironmentResolver> resolvers;

	EnvironmentRoles(ObjectProvider<EnvironmentResolver> resolvers) {
		this.resolvers = resolvers;
	}

	/**
	 * @param role a {@link Role} name
	 * @return whether the current actor has {@code role} somewhere (its base role or a grant)
	 * @throws IllegalArgumentException when {@code role} is no {@link Role} name
	 */
	public boolean inAny(String role) {
		Role required = Role.valueOf(role);
		return Actors.find().map(actor -> actor.highestRole().includes(required)).orElse(false);
	}

	/**
	 * @param role a {@link Role} name
	 * @param environment an environment name; {@code null} for a thing of no environment, where the base role of an
	 * unscoped actor decides ({@code EnvironmentAccess.requireUnscoped})
	 * @return whether the current actor has {@code role} in {@code environment} (its base role raised by a grant
	 * there; never for a token scoped to other environments); {@code false} for nobody signed in
	 * @throws IllegalArgumentException when {@code role} is no {@link Role} name
	 */
	public boolean in(String role, @Nullable String environment) {
		Role required = Role.valueOf(role);
		return Actors.find().map(actor -> can(actor, required, environment)).orElse(false);
	}

	/**
	 * For things spanning several environments (a run on servers of several environments needs the role in each).
	 * @param role a {@link Role} name
	 * @param environments environment names; empty (or {@code null}) for a thing of no environment, where the base
	 * role of an unscoped actor decides
	 * @return whether the current actor has {@code role} in every one of {@code environments}
	 * @throws IllegalArgumentException when {@code role} is no {@link Role} name
	 */
	public boolean inAll(String role, @Nullable Collection<String> environments) {
		Role required = Role.valueOf(role);
		return Actors.find().map(actor -> {
			if (environments == null || environments.isEmpty()) {
				return can(actor, required, null);
			}
			return environments.stream().allMatch(environment -> can(actor, required, environment));
		}).orElse(false);
	}

	/**
	 * Whether a route guarded by {@code @RequiresEnvironmentRole(value = role, resolver = resource)} would let the
	 * current actor act on {@code id}: the role in every environment the resource belongs to (the base role of an
	 * unscoped actor for a resource of no environment).
	 * @param role a {@link Role} name
	 * @param resource an {@link EnvironmentResolver#resource()} name ({@code run}, {@code schedule}, {@code server},
	 * {@code drill}, ...) or {@code environment}
	 * @param id the resource's id (its {@code toString()} is what the URL would carry)
	 * @return {@code false} also for an unknown resource, a {@code null} id or nobody signed in
	 * @throws IllegalArgumentException when {@code role} is no {@link Role} name
	 * @throws IllegalStateException when no resolver is registered for {@code resource}
	 */
	public boolean inEnvironmentOf(String role, String resource, @Nullable Object id) {
		Role required = Role.valueOf(role);
		Optional<Actor> actor = Actors.find();
		if (actor.isEmpty() || id == null) {
			return false;
		}
		Optional<Set<String>> environments = environmentsOf(resource, id.toString());
		return environments.map(names -> names.isEmpty() ? can(actor.get(), required, null)
				: names.stream().allMatch(name -> can(actor.get(), required, name))).orElse(false);
	}

	private Optional<Set<String>> environmentsOf(String resource, String id) {
		for (EnvironmentResolver resolver : resolvers) {
			if (resolver.resource().equals(resource)) {
				return resolver.environmentsOf(id);
			}
		}
		if (RequiresEnvironmentRole.ENVIRONMENT.equals(resource)) {
			return Optional.of(Set.of(id));
		}
		throw new IllegalStateException("No EnvironmentResolver for '" + resource + "'");
	}

	private static boolean can(Actor actor, Role required, @Nullable String environment) {
		if (environment == null) {
			return actor.environments() == null && actor.role().includes(required);
		}
		return actor.can(required, environment);
	}

}
