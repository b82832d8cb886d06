package io.opsdeck.schedules;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * One schedule as other modules see it.
 *
 * @param id schedule id (its page is {@code /schedules/{id}})
 * @param name unique name
 * @param action API spelling of the action, e.g. {@code backup-verify}
 * @param environment environment name
 * @param parameters the action's parameters with defaults filled in, e.g. {@code {"maxAgeHours": 26}}
 * @param cron Quartz cron expression
 * @param timeZone IANA zone id the cron is read in
 * @param paused whether it is paused (a paused schedule does not fire; {@code nextFireTimes} is still computed)
 * @param nextFireTimes the next five fire times, soonest first
 * @param lastFire its latest fire, or {@code null} when it never fired
 */
public record ScheduleOverview(UUID id, String name, String action, String environment, Map<String, Object> parameters,
		String cron, String timeZone, boolean paused, List<Instant> nextFireTimes, @Nullable LastFire lastFire) {

	public ScheduleOverview {
		parameters = Map.copyOf(parameters);
		nextFireTimes = List.copyOf(nextFireTimes);
	}

	/** @return the next fire time, or {@code null} when the cron never fires again */
	public @Nullable Instant nextFire() {
		return nextFireTimes.isEmpty() ? null : nextFireTimes.get(0);
	}

	/**
	 * The latest fire of a schedule.
	 *
	 * @param firedAt when it fired
	 * @param manual whether a user pressed "Run now"
	 * @param result the run's status for a fire that started a run ({@code QUEUED}, {@code RUNNING},
	 * {@code SUCCEEDED}, {@code FAILED}, {@code CANCELLED}, {@code TIMED_OUT}, {@code INTERRUPTED}), else the fire's
	 * outcome ({@code RUNNING}, {@code SUCCEEDED}, {@code FAILED}, {@code SKIPPED})
	 * @param runId the run it started, or {@code null}
	 * @param message why it was skipped or failed, or what the action did; {@code null} for a started run
	 */
	public record LastFire(Instant firedAt, boolean manual, String result, @Nullable UUID runId,
			@Nullable String message) {

		private static final Set<String> FAILURES = Set.of("FAILED", "CANCELLED", "TIMED_OUT", "INTERRUPTED",
				"SKIPPED");

		/** @return whether it ended badly: failed, cancelled, timed out, interrupted or skipped */
		public boolean failed() {
			return FAILURES.contains(result);
		}

		/** @return whether it is still going: a queued or running run, or an action in progress */
		public boolean inProgress() {
			return "QUEUED".equals(result) || "RUNNING".equals(result) || "STARTED".equals(result);
		}

	}

}
