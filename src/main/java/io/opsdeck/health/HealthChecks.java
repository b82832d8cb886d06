package io.opsdeck.health;

import java.util.List;
import java.util.UUID;

import io.opsdeck.identity.Actor;
import org.jspecify.annotations.Nullable;

/**
 * The health module's API (seed: Health Checks): start a health check judged with the environment's thresholds,
 * and read the latest result per server and check. Every finished {@code health-check.yml} run is stored, whoever
 * started it.
 */
public interface HealthChecks {

	/**
	 * Starts {@code health-check.yml} over every server of an environment, with its thresholds as extra vars.
	 * @param environment environment name
	 * @param failOnCritical whether a critical host fails the run (scripts use it for their exit code)
	 * @param actor who asked
	 * @return the run id
	 * @throws io.opsdeck.shared.NotFoundException when the environment does not exist
	 * @throws io.opsdeck.shared.InvalidInputException when it has no servers
	 * @throws org.springframework.security.access.AccessDeniedException when the actor may not run on it
	 */
	UUID checkEnvironment(String environment, boolean failOnCritical, Actor actor);

	/**
	 * Starts {@code health-check.yml} limited to one server.
	 * @param serverId server id
	 * @param failOnCritical whether a critical host fails the run
	 * @param actor who asked
	 * @return the run id
	 * @throws io.opsdeck.shared.NotFoundException when the server does not exist
	 */
	UUID checkServer(UUID serverId, boolean failOnCritical, Actor actor);

	/**
	 * @param environment an environment name, or {@code null} for every environment
	 * @return the latest result of every server (never checked ones too), ordered by environment and name
	 * @throws io.opsdeck.shared.NotFoundException when the named environment does not exist
	 */
	List<ServerHealth> grid(@Nullable String environment);

	/**
	 * @param environment environment name
	 * @return its thresholds ({@link HealthThresholds#DEFAULTS} until someone changed them)
	 * @throws io.opsdeck.shared.NotFoundException when the environment does not exist
	 */
	HealthThresholds thresholds(String environment);

}
