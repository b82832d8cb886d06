package io.opsdeck.schedules.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import io.opsdeck.identity.Actor;
import io.opsdeck.identity.EnvironmentAccess;
import io.opsdeck.identity.Role;
import io.opsdeck.inventory.EnvironmentSummary;
import io.opsdeck.schedules.ScheduleOverview;
import io.opsdeck.schedules.ScheduleQueries;
import io.opsdeck.shared.ConflictException;
import io.opsdeck.shared.Constraints;
import io.opsdeck.shared.InvalidInputException;
import io.opsdeck.shared.NotFoundException;
import io.opsdeck.shared.PageView;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.data.domain.PageRequest;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Schedules: create, change, pause, resume, delete, "Run now", presets, previews of fire times. Every change writes
 * the {@code schedules} row and the Quartz job in one transaction. How they are shown is {@link ScheduleViews}'s;
 * keeping Quartz in step at start-up is {@link ScheduleUpkeep}'s.
 */
@Service
public class ScheduleService implements ScheduleQueries {

	private static final Logger log = LoggerFactory.getLogger(ScheduleService.class);

	private final ScheduleRepository schedules;

	private final ScheduleFireRepository fires;

	private final QuartzSchedules quartz;

	private final ScheduleFirer firer;

	private final ScheduleViews views;

	private final SchedulesProperties properties;

	private final ScheduleRules rules;

	ScheduleService(ScheduleRepository schedules, ScheduleFireRepository fires, QuartzSchedules quartz,
			ScheduleFirer firer, ScheduleViews views, SchedulesProperties properties, ScheduleRules rules) {
		this.schedules = schedules;
		this.fires = fires;
		this.quartz = quartz;
		this.firer = firer;
		this.views = views;
		this.properties = properties;
		this.rules = rules;
	}

	/**
	 * @param environment only this environment's schedules, or {@code null} for all
	 * @return the schedules ordered by name
	 * @throws NotFoundException when the environment does not exist
	 */
	@Transactional(readOnly = true)
	public List<ScheduleDetails> list(@Nullable String environment) {
		return list(environment, null);
	}

	/**
	 * @param environment only this environment's schedules, or {@code null} for all
	 * @param scope the only environment names to list (a scoped API token's, {@code EnvironmentAccess.listScope}),
	 * or {@code null} for every environment; filtered in the query
	 * @return the schedules ordered by name
	 * @throws NotFoundException when the environment does not exist
	 */
	@Transactional(readOnly = true)
	public List<ScheduleDetails> list(@Nullable String environment, @Nullable Collection<String> scope) {
		Map<UUID, String> names = views.environmentNames();
		List<Schedule> found;
		if (environment != null) {
			found = schedules.findByEnvironmentIdOrderByNameAsc(views.environment(environment).id());
		}
		else if (scope != null) {
			List<UUID> ids = names.entrySet()
				.stream()
				.filter(e -> scope.contains(e.getValue()))
				.map(Map.Entry::getKey)
				.toList();
			found = ids.isEmpty() ? List.of() : schedules.findByEnvironmentIdInOrderByNameAsc(ids);
		}
		else {
			found = schedules.findAllByOrderByNameAsc();
		}
		return found.stream().map(s -> views.details(s, names)).toList();
	}

	@Override
	@Transactional(readOnly = true)
	public List<ScheduleOverview> withAction(String action, @Nullable String environment) {
		String wanted = ScheduleAction.fromValue(action).value();
		Map<UUID, String> names = views.environmentNames();
		return schedules.findAllByOrderByNameAsc()
			.stream()
			.filter(s -> s.action().value().equals(wanted))
			.map(s -> views.details(s, names))
			.filter(d -> environment == null || d.environment().equals(environment))
			.map(ScheduleViews::overview)
			.toList();
	}

	/**
	 * @param id schedule id
	 * @return the schedule
	 * @throws NotFoundException when it does not exist
	 */
	@Transactional(readOnly = true)
	public ScheduleDetails get(UUID id) {
		return views.details(find(id), views.environmentNames());
	}

	/**
	 * @param input the new schedule
	 * @param actor who creates it
	 * @return the stored schedule
	 * @throws InvalidInputException naming the field that is missing or wrong (cron, time zone, action parameters,
	 * environment policy)
	 * @throws ConflictException when the name is taken
	 */
	@Transactional
	public ScheduleDetails create(ScheduleInput input, Actor actor) {
		ScheduleSpec spec = validate(input);
		EnvironmentAccess.require(actor, Role.ADMIN, input.environment());
		if (schedules.existsByName(spec.name())) {
			throw new ConflictException("a schedule named '" + spec.name() + "' already exists");
		}
		Schedule schedule = save(new Schedule(spec, actor.display()));
		quartz.put(schedule);
		log.info("Schedule '{}' ({} on environment {}) created by {}", spec.name(), spec.action().value(),
				input.environment(), actor.display());
		return views.details(schedule, views.environmentNames());
	}

	/**
	 * Replaces a schedule. Its trigger is replaced too: fire times missed before the change are forgotten.
	 * @param id schedule id
	 * @param input everything a user can edit ({@code paused} {@code null} keeps the current state)
	 * @param actor who changes it
	 * @return the stored schedule
	 * @throws NotFoundException when it does not exist
	 * @throws InvalidInputException as for {@link #create}
	 * @throws ConflictException when the new name is taken or the schedule was changed meanwhile
	 */
	@Transactional
	public ScheduleDetails update(UUID id, ScheduleInput input, Actor actor) {
		Schedule schedule = find(id);
		ScheduleInput withPause = (input.paused() != null) ? input : new ScheduleInput(input.name(), input.action(),
				input.environment(), input.parameters(), input.cron(), input.timeZone(), input.misfirePolicy(),
				schedule.paused(), input.description(), input.recoveryPolicy(), input.recoveryWindowMinutes());
		ScheduleSpec spec = validate(withPause);
		EnvironmentAccess.require(actor, Role.ADMIN, withPause.environment());
		Optional<Schedule> sameName = schedules.findByName(spec.name());
		if (sameName.isPresent() && !sameName.get().id().equals(id)) {
			throw new ConflictException("a schedule named '" + spec.name() + "' already exists");
		}
		schedule.apply(spec, actor.display());
		save(schedule);
		quartz.put(schedule);
		log.info("Schedule '{}' changed by {}", spec.name(), actor.display());
		return views.details(schedule, views.environmentNames());
	}

	/**
	 * @param id schedule id; its fire history goes with it (runs it started stay)
	 * @param actor who deletes it
	 * @throws NotFoundException when it does not exist
	 */
	@Transactional
	public void delete(UUID id, Actor actor) {
		Schedule schedule = find(id);
		schedules.delete(schedule);
		quartz.delete(id);
		log.info("Schedule '{}' deleted by {}", schedule.name(), actor.display());
	}

	/**
	 * @param id schedule id
	 * @param paused pause (true) or resume (false); resuming applies the misfire policy to fire times missed while
	 * paused
	 * @param actor who asked
	 * @return the schedule
	 * @throws NotFoundException when it does not exist
	 */
	@Transactional
	public ScheduleDetails pause(UUID id, boolean paused, Actor actor) {
		Schedule schedule = find(id);
		if (schedule.paused() != paused) {
			schedule.pause(paused, actor.display());
			save(schedule);
			quartz.pause(id, paused);
			log.info("Schedule '{}' {} by {}", schedule.name(), paused ? "paused" : "resumed", actor.display());
		}
		return views.details(schedule, views.environmentNames());
	}

	/**
	 * "Run now": performs the schedule's action at once on this node, as the user who asked (a paused schedule can
	 * be run too). The module's own rules still apply (environment busy, production updates need an ADMIN).
	 * @param id schedule id
	 * @param actor who asked
	 * @return the fire: {@code STARTED} with its run, {@code SKIPPED} with the reason, or the result of an action
	 * Opsdeck performs itself
	 * @throws NotFoundException when it does not exist
	 */
	public FireDetails trigger(UUID id, Actor actor) {
		Schedule schedule = find(id);
		ScheduleFire fire = firer.fire(schedule, Instant.now(), true, actor, quartz.instanceId());
		return views.fireDetails(fire);
	}

	/**
	 * @param id schedule id
	 * @param page zero-based page
	 * @param size page size, 1-200
	 * @return its fires, newest first
	 * @throws NotFoundException when it does not exist
	 */
	@Transactional(readOnly = true)
	public PageView<FireDetails> fires(UUID id, int page, int size) {
		find(id);
		return PageView.of(fires.findByScheduleIdOrderByFiredAtDesc(id, PageRequest.of(page, size)),
				views::fireDetails);
	}

	/**
	 * @see ScheduleRules#preview
	 */
	public SchedulePreview preview(@Nullable String cron, @Nullable String timeZone, int count) {
		return rules.preview(cron, timeZone, count);
	}

	/**
	 * Creates the preset schedules ({@link SchedulePresets}) that the environment does not have yet (by name).
	 * @param environment environment name
	 * @param timeZone zone for the presets, or {@code null} for {@code opsdeck.schedules.default-time-zone}
	 * @param actor who asked
	 * @return the schedules created (empty when all existed)
	 * @throws NotFoundException when the environment does not exist
	 * @throws InvalidInputException (field {@code timeZone}) for an unknown zone
	 */
	@Transactional
	public List<ScheduleDetails> createPresets(String environment, @Nullable String timeZone, Actor actor) {
		EnvironmentSummary env = views.environment(environment);
		String zone = CronRules.zone((timeZone == null || timeZone.isBlank()) ? properties.defaultTimeZone()
				: timeZone).getId();
		List<ScheduleDetails> created = new ArrayList<>();
		for (SchedulePresets.Preset preset : SchedulePresets.forKind(env.kind())) {
			String name = env.name() + " " + preset.suffix();
			if (schedules.existsByName(name)) {
				continue;
			}
			created.add(create(new ScheduleInput(name, preset.action().value(), env.name(), preset.parameters(),
					preset.cron(), zone, preset.misfirePolicy().value(), false, preset.description()), actor));
		}
		return created;
	}

	private ScheduleSpec validate(ScheduleInput input) {
		return rules.validate(input);
	}

	/**
	 * Writes a schedule now, so that a concurrent change is reported to the caller rather than as a server error.
	 * @throws ConflictException when another request took the name first (two preset calls at once) or changed the
	 * schedule meanwhile (its {@code version})
	 */
	private Schedule save(Schedule schedule) {
		try {
			return schedules.saveAndFlush(schedule);
		}
		catch (OptimisticLockingFailureException ex) {
			throw new ConflictException("schedule '" + schedule.name() + "' was changed meanwhile; reload and try "
					+ "again");
		}
		catch (DataIntegrityViolationException ex) {
			if (Constraints.violated(ex, Constraints.UNIQUE, "schedules_name_key")) {
				throw new ConflictException("a schedule named '" + schedule.name() + "' already exists");
			}
			throw ex;
		}
	}

	private Schedule find(UUID id) {
		return schedules.findById(id).orElseThrow(() -> new NotFoundException("schedule", id));
	}

}
