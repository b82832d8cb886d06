package io.opsdeck.drills;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import io.opsdeck.identity.Actor;

/**
 * The drills module's API for other modules (schedules, the dashboard).
 */
public interface Drills {

	/**
	 * @param environment environment name
	 * @return when the environment's last drill that restored successfully (SUCCEEDED or PARTIALLY_FAILED) finished
	 */
	Optional<Instant> lastSuccess(String environment);


	/** How long an environment may go without a successful drill before it is overdue: a quarter plus a day or
	 * two (seed: DR Drill Schedule, "Required Frequency: Quarterly"). */
	java.time.Duration OVERDUE_AFTER = java.time.Duration.ofDays(92);

	/**
	 * @param environment environment name
	 * @return whether the environment has had no successful drill (SUCCEEDED or PARTIALLY_FAILED) in the last
	 * {@link #OVERDUE_AFTER} (92 days), including never
	 */
	default boolean overdue(String environment) {
		return lastSuccess(environment).map(last -> last.isBefore(Instant.now().minus(OVERDUE_AFTER))).orElse(true);
	}

	/**
	 * Starts a drill of the environment's newest backup, as {@code POST /api/v1/drills} does (used by schedules:
	 * seed, "DR Drill Schedule").
	 * @param environment environment name
	 * @param type drill type
	 * @param actor who asked (a schedule acts as OPERATOR)
	 * @return the drill's id and its run's id
	 * @throws io.opsdeck.shared.NotFoundException when the environment does not exist
	 * @throws io.opsdeck.shared.ConflictException when drill settings, the server, backup storage or a usable backup
	 * is missing, or the environment is busy with another exclusive run (the message names it)
	 * @throws io.opsdeck.backups.BackupStorageException when the storage cannot be read
	 */
	Started start(String environment, DrillType type, Actor actor);

	/**
	 * A drill that has just been queued.
	 * @param drillId drill id
	 * @param runId the id of its Ansible run
	 */
	record Started(UUID drillId, UUID runId) {
	}

}
