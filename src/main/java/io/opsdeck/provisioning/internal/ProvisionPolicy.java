package io.opsdeck.provisioning.internal;

import io.opsdeck.identity.Actor;
import io.opsdeck.identity.Role;

import org.springframework.security.access.AccessDeniedException;

/**
 * Who may provision where: OPERATOR provisions development and staging servers and runs check mode anywhere; a real
 * run on a production server needs ADMIN (it changes SSH access, the firewall and the application of a live
 * system). The web layer already requires OPERATOR.
 */
final class ProvisionPolicy {

	private ProvisionPolicy() {
	}

	/**
	 * @param environment environment name, for the message
	 * @param kind {@code development}, {@code staging} or {@code production}
	 * @param check whether the run is in check mode
	 * @param actor who asks
	 * @throws AccessDeniedException for a real run on production by anyone without ADMIN
	 */
	static void check(String environment, String kind, boolean check, Actor actor) {
		if ("production".equals(kind) && !check && !actor.can(Role.ADMIN, environment)) {
			throw new AccessDeniedException("environment '" + environment + "' is a production environment: a real"
					+ " provision run there needs the ADMIN role (operators may run it in check mode)");
		}
	}

}
