package io.opsdeck.identity;

import java.util.Objects;

/**
 * Who did something: a signed-in user, an API token, a schedule or Opsdeck itself. Recorded on runs (and later in
 * audit) as {@code kind:name}, e.g. {@code user:admin}, {@code token:ci-deploy}, {@code schedule:quarterly-drill}.
 *
 * @param kind what sort of actor
 * @param name user name, token name, schedule name or {@code opsdeck}
 * @param role the role the actor acted with
 */
public record Actor(Kind kind, String name, Role role) {

	public Actor {
		Objects.requireNonNull(kind, "kind");
		Objects.requireNonNull(name, "name");
		Objects.requireNonNull(role, "role");
	}

	/** The kinds of actor. */
	public enum Kind {

		USER, TOKEN, SCHEDULE, SYSTEM;

		public String label() {
			return name().toLowerCase(java.util.Locale.ROOT);
		}

	}

	/** @return {@code kind:name}, the form stored in run history */
	public String display() {
		return kind.label() + ":" + name;
	}

	/** The actor for work Opsdeck starts by itself (demo set-up, recovery). */
	public static Actor system() {
		return new Actor(Kind.SYSTEM, "opsdeck", Role.ADMIN);
	}

}
