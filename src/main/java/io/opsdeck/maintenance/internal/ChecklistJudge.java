package io.opsdeck.maintenance.internal;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import io.opsdeck.maintenance.internal.ChecklistView.Entry;
import io.opsdeck.maintenance.internal.ChecklistView.ScheduleRef;
import io.opsdeck.maintenance.internal.ChecklistView.Status;
import io.opsdeck.maintenance.internal.ChecklistView.Tick;
import io.opsdeck.schedules.ScheduleOverview;
import org.jspecify.annotations.Nullable;

/**
 * The rules that judge an entry of the maintenance checklist ({@link Checklist}), for {@link ChecklistService}.
 * <p>
 * An automatable item is {@code AUTOMATED} when one of the environment's schedules with its action (and matching
 * parameters) is active and fires at least as often as the item is due ({@link #SLACK} of slack: a quarterly cron
 * on the first Monday has gaps up to 98 days); {@code FAILING} when that schedule's last fire failed. Otherwise, and
 * for manual items, the latest tick decides: {@code DONE} within the period, {@code OVERDUE} after it,
 * {@code NEVER_DONE} (manual) or {@code NOT_SCHEDULED} (automatable) without one.
 */
final class ChecklistJudge {

	/** Tolerance on a schedule's gap between fires before it no longer counts for an item's period. */
	static final Duration SLACK = Duration.ofDays(7);

	private ChecklistJudge() {
	}

	/**
	 * Judges one entry of the checklist.
	 * @param environment the entry's environment, or {@code null} for a team-wide item
	 * @param own the environment's schedules with the item's action and matching parameters
	 * @param latest the latest tick of the entry, or {@code null}
	 * @param names environment names by id, for the tick
	 * @param now when the checklist is judged
	 * @return its status, the schedules that count, the last tick and the link to create or resume a schedule
	 */
	static Entry entry(ChecklistItem item, @Nullable String environment, List<ScheduleOverview> own,
			@Nullable MaintenanceTick latest, Map<UUID, String> names, Instant now) {
		Duration period = item.frequency().period();
		List<ScheduleRef> refs = own.stream().map(s -> ref(s, period)).toList();
		Tick lastDone = (latest == null) ? null
				: tick(item, latest, (latest.environmentId() == null) ? null : names.get(latest.environmentId()));
		ScheduleRef covering = refs.stream().filter(ScheduleRef::covers).findFirst().orElse(null);
		Status status;
		if (covering != null) {
			boolean failing = refs.stream().filter(ScheduleRef::covers).allMatch(ScheduleRef::lastFailed);
			status = failing ? Status.FAILING : Status.AUTOMATED;
		}
		else if (lastDone != null) {
			status = now.isAfter(lastDone.dueBy()) ? Status.OVERDUE : Status.DONE;
		}
		else {
			status = item.automatable() ? Status.NOT_SCHEDULED : Status.NEVER_DONE;
		}
		String create = null;
		String resume = null;
		if (item.automation() != null && covering == null && environment != null) {
			// a paused schedule (or one holding the suggested name) is resumed, not created again: the form would 409
			String suggested = suggestedName(item.automation(), environment);
			ScheduleRef existing = refs.stream()
				.filter(ScheduleRef::paused)
				.findFirst()
				.or(() -> refs.stream().filter(r -> r.name().equals(suggested)).findFirst())
				.orElse(null);
			if (existing != null) {
				resume = "/schedules/" + existing.id();
			}
			else {
				create = createLink(item.automation(), environment);
			}
		}
		return new Entry(environment, status, refs, lastDone, (lastDone != null) ? lastDone.dueBy() : null, create,
				resume);
	}

	private static ScheduleRef ref(ScheduleOverview s, Duration period) {
		Long interval = null;
		List<Instant> next = s.nextFireTimes();
		for (int i = 1; i < next.size(); i++) {
			long gap = Duration.between(next.get(i - 1), next.get(i)).toSeconds();
			interval = (interval == null) ? gap : Math.max(interval, gap);
		}
		boolean covers = !s.paused() && interval != null && interval <= period.plus(SLACK).toSeconds();
		ScheduleOverview.LastFire last = s.lastFire();
		return new ScheduleRef(s.id(), s.name(), s.paused(), s.nextFire(), interval, covers,
				(last != null) ? last.firedAt() : null, (last != null) ? last.result() : null,
				last != null && last.failed(), (last != null) ? last.runId() : null,
				(last != null) ? last.message() : null);
	}

	/** @return the name the schedule form suggests, {@code <environment> <suffix>}, or {@code null} */
	static @Nullable String suggestedName(ChecklistItem.Automation automation, String environment) {
		String suffix = automation.suggestion().get("name");
		return (suffix != null) ? environment + " " + suffix : null;
	}

	/** @return {@code /schedules/new?environment=…&action=…&name=<environment> <suffix>&cron=…&…} */
	static String createLink(ChecklistItem.Automation automation, String environment) {
		Map<String, String> fields = new java.util.LinkedHashMap<>();
		fields.put("environment", environment);
		fields.put("action", automation.action());
		automation.suggestion().forEach((field, value) -> fields.put(field,
				field.equals("name") ? environment + " " + value : value));
		return "/schedules/new?" + fields.entrySet()
			.stream()
			.map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
			.collect(Collectors.joining("&"));
	}

	/** @return a tick as shown, with when the item is due again (done + the item's period) */
	static Tick tick(ChecklistItem item, MaintenanceTick t, @Nullable String environment) {
		return new Tick(t.id(), item.id(), environment, t.doneBy(), t.doneAt(), t.note(),
				t.doneAt().plus(item.frequency().period()));
	}

}
