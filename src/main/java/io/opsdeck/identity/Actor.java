package io.opsdeck.identity;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * Who did something: a signed-in user, an API token, a schedule or Opsdeck itself. Recorded on runs and in the
 * audit log as {@code kind:name}, e.g. {@code user:admin}, {@code token:ci-deploy}, {@code schedule:quarterly-drill}.
 * <p>
 * Roles are granted per environment (issue 7, "Access"): {@link #role()} is the actor's role in every environment
 * without a grant of its own, and the role for global things (users, credentials, other people's tokens);
 * {@link #environmentRoles()} raises it for single environments. An API token may be scoped to some environments
 * ({@link #environments()}): outside them it may do nothing environment-specific, not even read, and lists show it
 * only its environments ({@link EnvironmentAccess#listScope(Actor, String)}).
 *
 * @param kind what sort of actor
 * @param name user name, token name, schedule name or {@code opsdeck}
 * @param role the base role: the role in every environment without an entry in {@code environmentRoles}, and the
 * role for global resources
 * @param environmentRoles effective role per environment name where it differs from {@code role} (already capped for
 * tokens at the owner's role in that environment); never {@code null}
 * @param environments for a scoped token, the only environments it may act on; {@code null} for every environment
 */
public record Actor(Kind kind, String name, Role role, Map<String, Role> environmentRoles,
		@Nullable Set<String> environments) {

	public Actor {
		Objects.requireNonNull(kind, "kind");
		Objects.requireNonNull(name, "name");
		Objects.requireNonNull(role, "role");
		environmentRoles = Map.copyOf(Objects.requireNonNull(environmentRoles, "environmentRoles"));
		environments = environments == null ? null : Set.copyOf(environments);
	}

	/** An actor with the same role in every environment and no token scope. */
	public Actor(Kind kind, String name, Role role) {
		this(kind, name, role, Map.of(), null);
	}

	/** The kinds of actor. */
	public enum Kind {

		USER, TOKEN, SCHEDULE, SYSTEM;

		public String label() {
			return name().toLowerCase(java.util.Locale.ROOT);
		}

	}

	/** @return {@code kind:name}, the form stored in run history and the audit log */
	public String display() {
		return kind.label() + ":" + name;
	}

	/**
	 * @param environment an environment name
	 * @return the role this actor has in that environment, or empty when a scoped token may not touch it
	 */
	public Optional<Role> roleIn(String environment) {
		if (environments != null && !environments.contains(environment)) {
			return Optional.empty();
		}
		return Optional.of(environmentRoles.getOrDefault(environment, role));
	}

	/**
	 * @param required the role an action needs
	 * @param environment the environment it acts on
	 * @return whether this actor's role in {@code environment} includes {@code required}
	 */
	public boolean can(Role required, String environment) {
		return roleIn(environment).map(r -> r.includes(required)).orElse(false);
	}

	/** @return the highest role this actor has anywhere: to decide whether to offer a button at all */
	public Role highestRole() {
		Role highest = role;
		for (Role r : environmentRoles.values()) {
			if (r.includes(highest)) {
				highest = r;
			}
		}
		return highest;
	}

	/** The actor for work Opsdeck starts by itself (demo set-up, recovery). */
	public static Actor system() {
		return new Actor(Kind.SYSTEM, "opsdeck", Role.ADMIN);
	}

}
