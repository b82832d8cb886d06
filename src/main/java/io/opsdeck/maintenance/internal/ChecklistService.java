package io.opsdeck.maintenance.internal;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.stream.Collectors;

import io.opsdeck.identity.Actor;
import io.opsdeck.identity.EnvironmentAccess;
import io.opsdeck.identity.Role;
import io.opsdeck.inventory.EnvironmentSummary;
import io.opsdeck.inventory.Inventory;
import io.opsdeck.maintenance.internal.ChecklistView.Entry;
import io.opsdeck.maintenance.internal.ChecklistView.Item;
import io.opsdeck.maintenance.internal.ChecklistView.ScheduleRef;
import io.opsdeck.maintenance.internal.ChecklistView.Status;
import io.opsdeck.maintenance.internal.ChecklistView.Tick;
import io.opsdeck.schedules.ScheduleOverview;
import io.opsdeck.schedules.ScheduleQueries;
import io.opsdeck.shared.InvalidInputException;
import io.opsdeck.shared.NotFoundException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.data.domain.PageRequest;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Judges the maintenance checklist ({@link Checklist}) and records ticks.
 * <p>
 * An automatable item is {@code AUTOMATED} when one of the environment's schedules with its action (and matching
 * parameters) is active and fires at least as often as the item is due ({@link #SLACK} of slack: a quarterly cron
 * on the first Monday has gaps up to 98 days); {@code FAILING} when that schedule's last fire failed. Otherwise, and
 * for manual items, the latest tick decides: {@code DONE} within the period, {@code OVERDUE} after it,
 * {@code NEVER_DONE} (manual) or {@code NOT_SCHEDULED} (automatable) without one.
 */
@Service
public class ChecklistService {

	/** Tolerance on a schedule's gap between fires before it no longer counts for an item's period. */
	static final Duration SLACK = Duration.ofDays(7);

	/** Longest note, Unicode code points. */
	public static final int NOTE_MAX = 500;

	/** Most ticks {@link #history} answers with. */
	public static final int HISTORY_MAX = 500;

	private static final Logger log = LoggerFactory.getLogger(ChecklistService.class);

	private final MaintenanceTickRepository ticks;

	private final Inventory inventory;

	private final ScheduleQueries schedules;

	ChecklistService(MaintenanceTickRepository ticks, Inventory inventory, ScheduleQueries schedules) {
		this.ticks = ticks;
		this.inventory = inventory;
		this.schedules = schedules;
	}

	/**
	 * @param environment only this environment's entries (team-wide items are always shown), or {@code null} for
	 * every environment
	 * @return the checklist, judged now
	 * @throws NotFoundException when the environment does not exist
	 */
	@Transactional(readOnly = true)
	public ChecklistView checklist(@Nullable String environment) {
		return checklist(environment, null);
	}

	/**
	 * @param environment only this environment's entries (team-wide items are always shown), or {@code null} for
	 * every environment
	 * @param scope the only environments to show entries of (a scoped API token's,
	 * {@link EnvironmentAccess#listScope}), or {@code null} for every environment; team-wide items are always shown
	 * @return the checklist, judged now
	 * @throws NotFoundException when the environment does not exist
	 */
	@Transactional(readOnly = true)
	public ChecklistView checklist(@Nullable String environment, @Nullable Collection<String> scope) {
		Instant now = Instant.now();
		List<EnvironmentSummary> shown = (environment != null) ? List.of(environment(environment))
				: (scope != null) ? inventory.environments().stream().filter(e -> scope.contains(e.name())).toList()
						: inventory.environments();
		Map<UUID, String> names = new HashMap<>();
		inventory.environments().forEach(e -> names.put(e.id(), e.name()));
		Map<String, MaintenanceTick> latest = new HashMap<>();
		ticks.findLatest().forEach(t -> latest.put(key(t.item(), t.environmentId()), t));
		Map<String, List<ScheduleOverview>> byAction = new HashMap<>();
		List<Item> items = new ArrayList<>();
		for (ChecklistItem item : Checklist.items()) {
			List<Entry> entries = new ArrayList<>();
			ChecklistItem.Automation automation = item.automation();
			if (item.perEnvironment()) {
				List<ScheduleOverview> candidates = (automation == null) ? List.of()
						: byAction.computeIfAbsent(automation.action(),
								action -> schedules.withAction(action, environment));
				for (EnvironmentSummary env : shown) {
					List<ScheduleOverview> own = candidates.stream()
						.filter(s -> s.environment().equals(env.name()))
						.filter(s -> automation != null && automation.matches().test(s))
						.toList();
					entries.add(entry(item, env.name(), own, latest.get(key(item.id(), env.id())), names, now));
				}
			}
			else {
				entries.add(entry(item, null, List.of(), latest.get(key(item.id(), null)), names, now));
			}
			items.add(new Item(item.id(), item.frequency().name(), item.title(), item.source(),
					item.frequency().period().toDays(), item.perEnvironment(), item.automatable(),
					(item.automation() != null) ? item.automation().action() : null, item.hint(), entries,
					(item.perEnvironment() && shown.isEmpty()) ? ChecklistView.NO_ENVIRONMENT : null));
		}
		return new ChecklistView(now, environment, shown.stream().map(EnvironmentSummary::name).toList(), items);
	}

	/**
	 * Ticks an item off: records who did it and when (now).
	 * @param itemId item id
	 * @param environment environment name: required for a per-environment item, absent for a team-wide one
	 * @param note what was done or found, at most {@value #NOTE_MAX} characters (code points), one line without
	 * bidi controls; blank counts as none
	 * @param actor who did it
	 * @return the tick, with when the item is due again
	 * @throws NotFoundException when the item or the environment does not exist
	 * @throws InvalidInputException (field {@code environment}) when the environment is missing for a
	 * per-environment item or given for a team-wide one; (field {@code note}) when the note is too long or holds
	 * control characters
	 */
	@Transactional
	public Tick tick(String itemId, @Nullable String environment, @Nullable String note, Actor actor) {
		ChecklistItem item = item(itemId);
		String text = checkNote(note);
		UUID environmentId = environmentOf(item, environment);
		if (environmentId == null) {
			EnvironmentAccess.requireUnscoped(actor, Role.OPERATOR);
		}
		else {
			EnvironmentAccess.require(actor, Role.OPERATOR, environment);
		}
		MaintenanceTick tick = ticks.save(new MaintenanceTick(item.id(), environmentId, actor.display(),
				Instant.now().truncatedTo(ChronoUnit.MICROS), text));
		log.info("Maintenance item '{}'{} ticked off by {}", item.id(),
				(environment != null) ? " of environment '" + environment + "'" : "", actor.display());
		return tick(item, tick, (environment == null || environment.isBlank()) ? null : environment);
	}

	/**
	 * @param itemId item id
	 * @param environment environment name: required for a per-environment item, absent for a team-wide one
	 * @param limit at most this many, 1 to 500
	 * @return the item's ticks, newest first
	 * @throws NotFoundException when the item or the environment does not exist
	 * @throws InvalidInputException (field {@code environment}) as for {@link #tick}; (field {@code limit}) when
	 * {@code limit} is not 1 to 500
	 */
	@Transactional(readOnly = true)
	public List<Tick> history(String itemId, @Nullable String environment, int limit) {
		ChecklistItem item = item(itemId);
		UUID environmentId = environmentOf(item, environment);
		if (limit < 1 || limit > HISTORY_MAX) {
			throw new InvalidInputException("limit", "must be between 1 and " + HISTORY_MAX + ", not " + limit);
		}
		PageRequest page = PageRequest.of(0, limit);
		List<MaintenanceTick> found = (environmentId == null)
				? ticks.findByItemAndEnvironmentIdIsNullOrderByDoneAtDesc(item.id(), page)
				: ticks.findByItemAndEnvironmentIdOrderByDoneAtDesc(item.id(), environmentId, page);
		return found.stream().map(t -> tick(item, t, (environmentId == null) ? null : environment)).toList();
	}

	private Entry entry(ChecklistItem item, @Nullable String environment, List<ScheduleOverview> own,
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

	private static Tick tick(ChecklistItem item, MaintenanceTick t, @Nullable String environment) {
		return new Tick(t.id(), item.id(), environment, t.doneBy(), t.doneAt(), t.note(),
				t.doneAt().plus(item.frequency().period()));
	}

	private ChecklistItem item(String id) {
		return Checklist.find(id).orElseThrow(() -> new NotFoundException("checklist item", id));
	}

	private @Nullable UUID environmentOf(ChecklistItem item, @Nullable String environment) {
		boolean given = environment != null && !environment.isBlank();
		if (item.perEnvironment() && !given) {
			throw new InvalidInputException("environment",
					"'" + item.id() + "' is tracked per environment: name the environment");
		}
		if (!item.perEnvironment() && given) {
			throw new InvalidInputException("environment",
					"'" + item.id() + "' is a team-wide item, not per environment: leave the environment out");
		}
		return given ? environment(Objects.requireNonNull(environment)).id() : null;
	}

	private EnvironmentSummary environment(String name) {
		return inventory.findEnvironment(name).orElseThrow(() -> new NotFoundException("environment", name));
	}

	static @Nullable String checkNote(@Nullable String note) {
		if (note == null || note.isBlank()) {
			return null;
		}
		String text = note.strip();
		int length = text.codePointCount(0, text.length());
		if (length > NOTE_MAX) {
			throw new InvalidInputException("note", "must be at most " + NOTE_MAX + " characters, not " + length);
		}
		if (text.codePoints().anyMatch(ChecklistService::forbidden)) {
			throw new InvalidInputException("note",
					"must be one line of text without control characters, line separators or bidi controls");
		}
		return text;
	}

	/**
	 * @return whether a note may not hold this code point: C0/C1 controls, the line and paragraph separators
	 * U+2028/U+2029 (a second line), and the bidi embedding, override and isolate controls U+202A to U+202E and
	 * U+2066 to U+2069 (text that reads differently than it is stored)
	 */
	private static boolean forbidden(int codePoint) {
		return Character.isISOControl(codePoint) || codePoint == 0x2028 || codePoint == 0x2029
				|| (codePoint >= 0x202A && codePoint <= 0x202E) || (codePoint >= 0x2066 && codePoint <= 0x2069);
	}

	private static String key(String item, @Nullable UUID environmentId) {
		return item + "|" + environmentId;
	}

}
