package io.opsdeck.maintenance.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

import io.opsdeck.schedules.ScheduleOverview;
import org.jspecify.annotations.Nullable;

/**
 * One item of the seed's maintenance checklists.
 *
 * @param id stable key used in the API, e.g. {@code verify-backups}
 * @param frequency how often it is due
 * @param title the seed's wording, e.g. {@code Verify backup completion}
 * @param source where the item comes from, e.g. {@code seed: Maintenance Procedures, Weekly}
 * @param perEnvironment whether it is tracked per environment (servers, backups, drills) or once for the team
 * @param hint what to do, or where Opsdeck helps, for humans
 * @param automation the schedule action that does it, or {@code null} for a manual item
 */
public record ChecklistItem(String id, Frequency frequency, String title, String source, boolean perEnvironment,
		String hint, @Nullable Automation automation) {

	/** @return whether Opsdeck can do it with a schedule */
	public boolean automatable() {
		return automation != null;
	}

	/**
	 * How Opsdeck automates an item: schedules with this action (and matching parameters) do it, and a new one is
	 * suggested from {@code suggestion} (the same values as the schedules module's presets).
	 *
	 * @param action the schedule action's API spelling, e.g. {@code backup-verify}
	 * @param matches which of that action's schedules count (e.g. only {@code mode=security} updates)
	 * @param suggestion the schedule form's fields for a new schedule: {@code name} suffix (after the environment's
	 * name), {@code cron}, {@code misfirePolicy}, {@code description} and the action's parameter fields
	 */
	public record Automation(String action, Predicate<ScheduleOverview> matches, Map<String, String> suggestion) {

		public Automation {
			suggestion = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(suggestion));
		}

		static Automation any(String action, Map<String, String> suggestion) {
			return new Automation(action, s -> true, suggestion);
		}

		static Automation where(String action, String parameter, Set<String> values, Map<String, String> suggestion) {
			return new Automation(action, s -> values.contains(String.valueOf(s.parameters().get(parameter))),
					suggestion);
		}

	}

}
