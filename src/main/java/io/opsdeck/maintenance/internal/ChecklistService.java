package io.opsdeck.maintenance.internal;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import io.opsdeck.identity.Actor;
import io.opsdeck.identity.EnvironmentAccess;
import io.opsdeck.identity.Role;
import io.opsdeck.inventory.EnvironmentSummary;
import io.opsdeck.inventory.Inventory;
import io.opsdeck.maintenance.internal.ChecklistView.Entry;
import io.opsdeck.maintenance.internal.ChecklistView.Item;
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
 * The maintenance checklist ({@link Checklist}): shows it judged now ({@link ChecklistJudge} has the rules), records
 * ticks and answers their history.
 */
@Service
public class ChecklistService {

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
					entries.add(ChecklistJudge.entry(item, env.name(), own, latest.get(key(item.id(), env.id())), names,
							now));
				}
			}
			else {
				entries.add(ChecklistJudge.entry(item, null, List.of(), latest.get(key(item.id(), null)), names, now));
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
		return ChecklistJudge.tick(item, tick, (environment == null || environment.isBlank()) ? null : environment);
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
		return found.stream()
			.map(t -> ChecklistJudge.tick(item, t, (environmentId == null) ? null : environment))
			.toList();
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
