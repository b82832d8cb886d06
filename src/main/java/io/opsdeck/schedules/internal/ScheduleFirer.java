package io.opsdeck.schedules.internal;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import io.opsdeck.identity.Actor;
import io.opsdeck.identity.Role;
import io.opsdeck.inventory.EnvironmentSummary;
import io.opsdeck.inventory.Inventory;
import io.opsdeck.schedules.internal.ScheduleFire.Outcome;
import io.opsdeck.shared.ConflictException;
import io.opsdeck.shared.InvalidInputException;
import io.opsdeck.shared.NotFoundException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Performs one fire of a schedule, at most once per schedule and scheduled time across every node.
 * <p>
 * For an action that starts a run, the run and the fire's record are written in one transaction; the record's
 * unique key {@code (schedule_id, scheduled_for)} makes a second attempt (Quartz recovery after a node died, a
 * duplicate delivery) roll back, run included. When the module refuses the start (environment busy, missing
 * settings, policy), the fire is recorded as {@code SKIPPED} with the reason. For an action Opsdeck performs itself,
 * the record is written first ({@code RUNNING}), then the action runs and the record gets its result.
 */
@Component
class ScheduleFirer {

	private static final Logger log = LoggerFactory.getLogger(ScheduleFirer.class);

	private final ScheduleRepository schedules;

	private final ScheduleFireRepository fires;

	private final ActionLauncher launcher;

	private final Inventory inventory;

	private final QuartzSchedules quartz;

	private final ScheduleJson json;

	private final TransactionTemplate transactions;

	ScheduleFirer(ScheduleRepository schedules, ScheduleFireRepository fires, ActionLauncher launcher,
			Inventory inventory, QuartzSchedules quartz, ScheduleJson json, TransactionTemplate transactions) {
		this.schedules = schedules;
		this.fires = fires;
		this.launcher = launcher;
		this.inventory = inventory;
		this.quartz = quartz;
		this.json = json;
		this.transactions = transactions;
	}

	/**
	 * A fire from Quartz. A schedule that no longer exists has its Quartz job removed.
	 * @param scheduleId schedule id
	 * @param scheduledFor the trigger's scheduled fire time (the original one when Quartz recovers the job)
	 * @param node the Quartz instance id of this node
	 */
	void fire(UUID scheduleId, Instant scheduledFor, String node) {
		Optional<Schedule> found = schedules.findById(scheduleId);
		if (found.isEmpty()) {
			log.info("Schedule {} no longer exists: removing its Quartz job", scheduleId);
			transactions.executeWithoutResult(status -> quartz.delete(scheduleId));
			return;
		}
		Schedule schedule = found.get();
		// only admins create and change schedules, so a schedule acts with their authority (docs/schedules.md)
		fire(schedule, scheduledFor, false, new Actor(Actor.Kind.SCHEDULE, schedule.name(), Role.ADMIN), node);
	}

	/**
	 * @param schedule the schedule
	 * @param scheduledFor the fire's key time
	 * @param manual whether a user pressed "Run now"
	 * @param actor who the work runs as ({@code schedule:<name>} for a scheduled fire)
	 * @param node node name
	 * @return the fire's record; an existing one when this fire was already performed
	 */
	ScheduleFire fire(Schedule schedule, Instant scheduledFor, boolean manual, Actor actor, String node) {
		Optional<String> environment = inventory.environments().stream()
			.filter(e -> e.id().equals(schedule.environmentId()))
			.map(EnvironmentSummary::name)
			.findFirst();
		if (environment.isEmpty()) {
			return record(new ScheduleFire(schedule.id(), scheduledFor, manual, actor.display(), node, Outcome.SKIPPED,
					null, "the environment no longer exists"));
		}
		Map<String, Object> parameters = json.read(schedule.parametersJson());
		ScheduleAction action = schedule.action();
		return action.startsRun() ? startRun(schedule, action, environment.get(), parameters, scheduledFor, manual,
				actor, node) : perform(schedule, action, environment.get(), parameters, scheduledFor, manual, actor, node);
	}

	private ScheduleFire startRun(Schedule schedule, ScheduleAction action, String environment,
			Map<String, Object> parameters, Instant scheduledFor, boolean manual, Actor actor, String node) {
		try {
			return transactions.execute(status -> {
				Optional<ScheduleFire> existing = existing(schedule.id(), scheduledFor);
				if (existing.isPresent()) {
					log.info("Schedule '{}': the fire at {} was already performed on node {}: nothing started",
							schedule.name(), scheduledFor, existing.get().node());
					return existing.get();
				}
				UUID runId = launcher.launch(action, environment, parameters, actor);
				ScheduleFire fire = fires.saveAndFlush(new ScheduleFire(schedule.id(), scheduledFor, manual,
						actor.display(), node, Outcome.STARTED, runId, null));
				log.info("Schedule '{}' ({} on {}) started run {}", schedule.name(), action.value(), environment, runId);
				return fire;
			});
		}
		catch (DataIntegrityViolationException duplicate) {
			log.info("Schedule '{}': the fire at {} was recorded meanwhile by another node, or the schedule was deleted",
					schedule.name(), scheduledFor);
			// no record: the violation was the schedule's foreign key, it was deleted while this fire ran
			return existing(schedule.id(), scheduledFor).orElseThrow(() -> new NotFoundException("schedule",
					schedule.id()));
		}
		catch (ConflictException | InvalidInputException | NotFoundException | AccessDeniedException ex) {
			log.warn("Schedule '{}' ({} on {}) skipped: {}", schedule.name(), action.value(), environment,
					ex.getMessage());
			return record(new ScheduleFire(schedule.id(), scheduledFor, manual, actor.display(), node, Outcome.SKIPPED,
					null, ex.getMessage()));
		}
		catch (RuntimeException ex) {
			log.error("Schedule '{}' ({} on {}) could not start", schedule.name(), action.value(), environment, ex);
			return record(new ScheduleFire(schedule.id(), scheduledFor, manual, actor.display(), node, Outcome.FAILED,
					null, "could not start: " + ex.getMessage()));
		}
	}

	private ScheduleFire perform(Schedule schedule, ScheduleAction action, String environment,
			Map<String, Object> parameters, Instant scheduledFor, boolean manual, Actor actor, String node) {
		ScheduleFire claimed;
		try {
			claimed = transactions.execute(status -> existing(schedule.id(), scheduledFor).isPresent() ? null
					: fires.saveAndFlush(new ScheduleFire(schedule.id(), scheduledFor, manual, actor.display(), node,
							Outcome.RUNNING, null, null)));
		}
		catch (DataIntegrityViolationException duplicate) {
			claimed = null;
		}
		if (claimed == null) {
			return existing(schedule.id(), scheduledFor).orElseThrow(() -> new NotFoundException("schedule",
					schedule.id()));
		}
		BackupActions.Result result;
		Outcome refused = null;
		try {
			result = launcher.perform(action, environment, parameters, actor);
		}
		catch (ConflictException | InvalidInputException | NotFoundException | AccessDeniedException ex) {
			// the work could not start (no backup storage, policy): SKIPPED with the reason, as for runs
			log.warn("Schedule '{}' ({} on {}) skipped: {}", schedule.name(), action.value(), environment,
					ex.getMessage());
			result = new BackupActions.Result(false, String.valueOf(ex.getMessage()), null);
			refused = Outcome.SKIPPED;
		}
		catch (RuntimeException ex) {
			log.warn("Schedule '{}' ({} on {}) failed: {}", schedule.name(), action.value(), environment,
					ex.getMessage());
			result = new BackupActions.Result(false, String.valueOf(ex.getMessage()), null);
		}
		BackupActions.Result outcome = result;
		Outcome finished = (refused != null) ? refused : outcome.succeeded() ? Outcome.SUCCEEDED : Outcome.FAILED;
		UUID id = claimed.id();
		return transactions.execute(status -> {
			// gone with its schedule when that was deleted while the action ran
			ScheduleFire fire = fires.findById(id).orElseThrow(() -> new NotFoundException("schedule",
					schedule.id()));
			fire.finish(finished, outcome.message(), outcome.details());
			return fire;
		});
	}

	private Optional<ScheduleFire> existing(UUID scheduleId, Instant scheduledFor) {
		return fires.findByScheduleIdAndScheduledFor(scheduleId, scheduledFor);
	}

	/** Stores a fire that started nothing; a duplicate (another node recorded the same fire) is ignored. */
	private ScheduleFire record(ScheduleFire fire) {
		try {
			return transactions.execute(status -> {
				Optional<ScheduleFire> existing = existing(fire.scheduleId(), fire.scheduledFor());
				return existing.orElseGet(() -> fires.saveAndFlush(fire));
			});
		}
		catch (DataIntegrityViolationException duplicate) {
			return existing(fire.scheduleId(), fire.scheduledFor()).orElse(fire);
		}
	}

}
