package io.opsdeck.patching.internal;

import io.opsdeck.identity.Actor;
import io.opsdeck.identity.Role;
import io.opsdeck.shared.InvalidInputException;

import org.springframework.security.access.AccessDeniedException;

/**
 * Who may update which kind of environment (seed: Security Updates, "Environment-Specific Policies"):
 * development gets no automatic updates (schedules are refused; people may still update it by hand), staging gets
 * full security (anyone with OPERATOR, any schedule), production runs only from its schedule or by an admin.
 */
final class PatchPolicy {

	private PatchPolicy() {
	}

	/**
	 * @param environment environment name, for messages
	 * @param kind {@code development}, {@code staging} or {@code production}
	 * @param actor who asks
	 * @throws InvalidInputException (field {@code environment}) when a schedule targets a development environment
	 * @throws AccessDeniedException when anyone but a schedule or an admin targets a production environment
	 */
	static void check(String environment, String kind, Actor actor) {
		if ("development".equals(kind) && actor.kind() == Actor.Kind.SCHEDULE) {
			throw new InvalidInputException("environment", "environment '" + environment
					+ "' is a development environment: it gets no automatic updates (seed: Security Updates); "
					+ "update it by hand instead");
		}
		if ("production".equals(kind) && actor.kind() != Actor.Kind.SCHEDULE && !actor.can(Role.ADMIN, environment)) {
			throw new AccessDeniedException("environment '" + environment
					+ "' is a production environment: it is updated only by its schedule or by an admin "
					+ "(seed: Security Updates)");
		}
	}

}
