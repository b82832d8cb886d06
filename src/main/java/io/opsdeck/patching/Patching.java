package io.opsdeck.patching;

import java.util.UUID;

import io.opsdeck.identity.Actor;

/**
 * The patching module's API, for its own web layer, the schedules and the dashboard.
 */
public interface Patching {

	/**
	 * Launches {@code security-updates.yml} on every server of the environment as an exclusive run (no drill,
	 * backup or other update at the same time). Environment policy (seed: Security Updates): {@code development}
	 * gets no automatic updates (a schedule is refused), {@code staging} gets full security, {@code production}
	 * runs only from its schedule or by an admin.
	 * @param environment environment name
	 * @param request what to upgrade
	 * @param actor who asked; a schedule is {@code Actor(SCHEDULE, <name>, OPERATOR)}
	 * @return the run's id
	 * @throws io.opsdeck.shared.NotFoundException when the environment does not exist
	 * @throws io.opsdeck.shared.InvalidInputException when the request is invalid (field named: {@code packages[0]},
	 * {@code cves}, ...), or a schedule targets a development environment (field {@code environment})
	 * @throws org.springframework.security.access.AccessDeniedException when production is updated by someone
	 * other than its schedule or an admin
	 * @throws io.opsdeck.shared.ConflictException when a drill, backup or update is queued or running there
	 */
	UUID launch(String environment, PatchRequest request, Actor actor);

	/**
	 * @param environment environment name
	 * @return the per-server compliance, servers by name
	 * @throws io.opsdeck.shared.NotFoundException when the environment does not exist
	 */
	PatchCompliance compliance(String environment);

}
