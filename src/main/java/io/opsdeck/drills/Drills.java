package io.opsdeck.drills;

import java.time.Instant;
import java.util.Optional;

/**
 * The drills module's API for other modules (schedules, the dashboard).
 */
public interface Drills {

	/**
	 * @param environment environment name
	 * @return when the environment's last drill that restored successfully (SUCCEEDED or PARTIALLY_FAILED) finished
	 */
	Optional<Instant> lastSuccess(String environment);

}
