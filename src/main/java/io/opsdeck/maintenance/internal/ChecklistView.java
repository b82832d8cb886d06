package io.opsdeck.maintenance.internal;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * The maintenance checklist as the API and the page show it.
 *
 * @param generatedAt when it was judged
 * @param environment the environment filter, or {@code null} for every environment
 * @param environments the environments shown, by name
 * @param items every item, weekly first, in the seed's order
 */
public record ChecklistView(Instant generatedAt, @Nullable String environment, List<String> environments,
		List<Item> items) {

	/** An item's state. */
	public enum Status {

		/** an active schedule that fires at least as often as the item is due does it; its last fire did not fail */
		AUTOMATED,
		/** an active schedule does it, but its last fire failed, was cancelled or skipped */
		FAILING,
		/** ticked off within its period */
		DONE,
		/** ticked off before, but its period has passed */
		OVERDUE,
		/** a manual item nobody has ticked off yet */
		NEVER_DONE,
		/** Opsdeck can do it, but no active schedule that fires often enough exists, and nobody ticked it off */
		NOT_SCHEDULED;

		/** @return whether the page highlights it as a problem */
		public boolean attention() {
			return this == FAILING || this == OVERDUE;
		}

	}

	/**
	 * One checklist item.
	 *
	 * @param id stable key, e.g. {@code verify-backups}
	 * @param frequency {@code WEEKLY}, {@code MONTHLY}, {@code QUARTERLY} or {@code ANNUALLY}
	 * @param title the seed's wording
	 * @param source where it comes from in the seed
	 * @param periodDays days after which a done item is due again
	 * @param perEnvironment whether it is tracked per environment (else once for the team)
	 * @param automatable whether a schedule can do it
	 * @param action the schedule action that does it, or {@code null} for a manual item
	 * @param hint what to do, for humans
	 * @param entries one per environment shown for a per-environment item; exactly one (environment {@code null})
	 * for a team-wide item
	 * @param note why a per-environment item has no entries ({@value #NO_ENVIRONMENT}: there is no environment yet),
	 * else {@code null}
	 */
	public record Item(String id, String frequency, String title, String source, long periodDays,
			boolean perEnvironment, boolean automatable, @Nullable String action, String hint, List<Entry> entries,
			@Nullable String note) {
	}

	/** {@link Item#note()} of a per-environment item when there is no environment. */
	public static final String NO_ENVIRONMENT = "tracked per environment: create an environment to track these";

	/**
	 * An item's state for one environment (or for the team).
	 *
	 * @param environment environment name, or {@code null} for a team-wide item
	 * @param status the verdict
	 * @param schedules the environment's schedules that do this item (paused or too rare ones included, see
	 * {@code covers})
	 * @param lastDone the latest tick, or {@code null}
	 * @param dueBy {@code lastDone.doneAt + period}, or {@code null} when never ticked
	 * @param createSchedule for an automatable item with no covering schedule and none to resume: the schedule form,
	 * pre-filled with the suggested schedule (e.g. {@code /schedules/new?environment=staging&action=backup-verify&...});
	 * else {@code null}
	 * @param resumeSchedule for an automatable item with no covering schedule but a paused one that does it (or one
	 * with the suggested name, which the form could not create again): that schedule's page
	 * ({@code /schedules/{id}}), where it can be resumed or edited; else {@code null}
	 */
	public record Entry(@Nullable String environment, Status status, List<ScheduleRef> schedules,
			@Nullable Tick lastDone, @Nullable Instant dueBy, @Nullable String createSchedule,
			@Nullable String resumeSchedule) {
	}

	/**
	 * A schedule that does an item.
	 *
	 * @param id schedule id (page {@code /schedules/{id}})
	 * @param name schedule name
	 * @param paused whether it is paused
	 * @param nextFire its next fire time, or {@code null}
	 * @param intervalSeconds the longest gap between its next five fire times, seconds, or {@code null} with fewer
	 * than two
	 * @param covers whether it counts: not paused, and it fires at least as often as the item is due (a gap of at most
	 * the period plus 7 days)
	 * @param lastFiredAt when it last fired, or {@code null}
	 * @param lastResult its last fire's result (the run's status, or the outcome of an action Opsdeck performs
	 * itself), or {@code null}
	 * @param lastFailed whether that result is a failure (failed, cancelled, timed out, interrupted, skipped)
	 * @param lastRunId the run the last fire started, or {@code null}
	 * @param lastMessage what the last fire said, or {@code null}
	 */
	public record ScheduleRef(UUID id, String name, boolean paused, @Nullable Instant nextFire,
			@Nullable Long intervalSeconds, boolean covers, @Nullable Instant lastFiredAt, @Nullable String lastResult,
			boolean lastFailed, @Nullable UUID lastRunId, @Nullable String lastMessage) {
	}

	/**
	 * One tick.
	 *
	 * @param id tick id
	 * @param item item id
	 * @param environment environment name, or {@code null} for a team-wide item
	 * @param doneBy who ticked it, {@code kind:name} (e.g. {@code user:alice}, {@code token:ci})
	 * @param doneAt when
	 * @param note what was done or found, or {@code null}
	 * @param dueBy {@code doneAt} plus the item's period
	 */
	public record Tick(UUID id, String item, @Nullable String environment, String doneBy, Instant doneAt,
			@Nullable String note, Instant dueBy) {
	}

}
