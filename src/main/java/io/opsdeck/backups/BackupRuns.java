package io.opsdeck.backups;

import java.util.UUID;

import io.opsdeck.identity.Actor;

/**
 * Starts backups ("Back up now", {@code POST /api/v1/environments/{name}/backups}) for other modules: schedules run
 * the nightly backup through it.
 */
public interface BackupRuns {

	/**
	 * Queues an exclusive Ansible run of {@code backup.yml} on the environment's backup source server.
	 * @param environment environment name
	 * @param actor who asked
	 * @return the run id
	 * @throws io.opsdeck.shared.NotFoundException when the environment does not exist
	 * @throws io.opsdeck.shared.ConflictException when storage or drill settings are missing, or the environment is
	 * busy with another exclusive run (the message names it)
	 * @throws io.opsdeck.shared.InvalidInputException when the run engine refuses the request
	 */
	UUID start(String environment, Actor actor);

}
