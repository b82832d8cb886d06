package io.opsdeck.schedules;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * Read-only questions other modules ask about schedules, e.g. the maintenance checklist (seed: Maintenance
 * Procedures) showing which item Opsdeck automates, with which schedule, when it fires next and how its last fire
 * ended.
 */
public interface ScheduleQueries {

	/**
	 * @param action the action's API spelling: {@code drill}, {@code security-update}, {@code health-check},
	 * {@code backup}, {@code backup-verify} or {@code backup-cleanup}
	 * @param environment only this environment's schedules, or {@code null} for every environment (an unknown
	 * environment has none)
	 * @return the schedules with that action, ordered by name, paused ones included
	 * @throws io.opsdeck.shared.InvalidInputException (field {@code action}) for an unknown action
	 */
	List<ScheduleOverview> withAction(String action, @Nullable String environment);

}
