package io.opsdeck.schedules.internal;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import io.opsdeck.identity.Actor;
import io.opsdeck.identity.EnvironmentAccess;
import io.opsdeck.identity.Role;
import io.opsdeck.shared.ConflictException;
import io.opsdeck.shared.Constraints;
import io.opsdeck.shared.ExpectedVersion;
import io.opsdeck.shared.InvalidInputException;
import io.opsdeck.shared.NotFoundException;
import io.opsdeck.shared.StaleVersionException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Changing schedules: create, change, pause, resume, delete and "Run now". Every change writes the
 * {@code schedules} row and the Quartz job in one transaction. Reading them is {@link ScheduleQueryService}'s,
 * the presets {@link SchedulePresetService}'s; how they are shown is {@link ScheduleViews}'s; keeping Quartz in step
 * at start-up is {@link ScheduleUpkeep}'s.
 */
@Service
public class ScheduleService {

	private static final Logger log = LoggerFactory.getLogger(ScheduleService.class);

	private final ScheduleRepository schedules;

	private final QuartzSchedules quartz;

	private final ScheduleFirer firer;

	private final ScheduleViews views;

	private final ScheduleRules rules;

	ScheduleService(ScheduleRepository schedules, QuartzSchedules quartz, ScheduleFirer firer, ScheduleViews views,
			ScheduleRules rules) {
		this.schedules = schedules;
		this.quartz = quartz;
		this.firer = firer;
		this.views = views;
		this.rules = rules;
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
		ScheduleSpec spec = rules.validate(input);
		EnvironmentAccess.require(actor, Role.ADMIN, input.environment());
		if (schedules.existsByName(spec.name())) {
			throw nameTaken(spec.name());
		}
		Schedule schedule = save(new Schedule(spec, actor.display()), ExpectedVersion.any());
		quartz.put(schedule);
		log.info("Schedule '{}' ({} on environment {}) created by {}", spec.name(), spec.action().value(),
				input.environment(), actor.display());
		return views.details(schedule, views.environmentNames());
	}

	/**
	 * Replaces a schedule. Its trigger is replaced too: fire times missed before the change are forgotten.
	 * @param id schedule id
	 * @param input everything a user can edit ({@code paused} {@code null} keeps the current state)
	 * @param expected the version the change is based on ({@code If-Match}, a form's hidden field), or
	 * {@link ExpectedVersion#any()}
	 * @param actor who changes it
	 * @return the stored schedule, with its new version
	 * @throws NotFoundException when it does not exist
	 * @throws StaleVersionException when it is no longer at {@code expected}, also when another change commits
	 * between this check and the write; nothing is written
	 * @throws InvalidInputException as for {@link #create}
	 * @throws ConflictException when the new name is taken, or the schedule was changed meanwhile and no version was
	 * expected
	 */
	@Transactional
	public ScheduleDetails update(UUID id, ScheduleInput input, ExpectedVersion expected, Actor actor) {
		Schedule schedule = schedules.require(id);
		expected.check(schedule.version(), () -> stale(schedule, schedule.version()));
		ScheduleInput withPause = (input.paused() != null) ? input : new ScheduleInput(input.name(), input.action(),
				input.environment(), input.parameters(), input.cron(), input.timeZone(), input.misfirePolicy(),
				schedule.paused(), input.description(), input.recoveryPolicy(), input.recoveryWindowMinutes());
		ScheduleSpec spec = rules.validate(withPause);
		EnvironmentAccess.require(actor, Role.ADMIN, withPause.environment());
		Optional<Schedule> sameName = schedules.findByName(spec.name());
		if (sameName.isPresent() && !sameName.get().id().equals(id)) {
			throw nameTaken(spec.name());
		}
		schedule.apply(spec, actor.display());
		save(schedule, expected);
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
		Schedule schedule = schedules.require(id);
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
		Schedule schedule = schedules.require(id);
		if (schedule.paused() != paused) {
			schedule.pause(paused, actor.display());
			save(schedule, ExpectedVersion.any());
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
		Schedule schedule = schedules.require(id);
		ScheduleFire fire = firer.fire(schedule, Instant.now(), true, actor, quartz.instanceId());
		return views.fireDetails(fire);
	}

	/**
	 * Writes a schedule now, so that a concurrent change is reported to the caller rather than as a server error.
	 * @param expected the version the change was based on; when one was given, a change committed meanwhile is a
	 * stale version
	 * @throws StaleVersionException when {@code expected} was given and another request changed the schedule
	 * meanwhile (its {@code version})
	 * @throws ConflictException when another request took the name first (two preset calls at once) or changed the
	 * schedule meanwhile and no version was expected
	 */
	private Schedule save(Schedule schedule, ExpectedVersion expected) {
		try {
			return schedules.saveAndFlush(schedule);
		}
		catch (OptimisticLockingFailureException ex) {
			throw expected.lostRace(stale(schedule, null), new ConflictException("schedule '" + schedule.name()
					+ "' was changed meanwhile; reload and try again"));
		}
		catch (DataIntegrityViolationException ex) {
			if (Constraints.violated(ex, Constraints.UNIQUE, "schedules_name_key")) {
				throw nameTaken(schedule.name());
			}
			throw ex;
		}
	}

	private static StaleVersionException stale(Schedule schedule, @Nullable Long current) {
		return new StaleVersionException("schedule", schedule.name(), current,
				(current != null) ? schedule.updatedBy() : null);
	}

	private static ConflictException nameTaken(String name) {
		return new ConflictException("a schedule named '" + name + "' already exists");
	}

}
