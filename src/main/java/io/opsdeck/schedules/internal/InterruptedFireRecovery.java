package io.opsdeck.schedules.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import io.opsdeck.execution.RunFinished;
import io.opsdeck.execution.RunStatus;
import io.opsdeck.identity.Actor;
import io.opsdeck.identity.Role;
import io.opsdeck.inventory.EnvironmentSummary;
import io.opsdeck.inventory.Inventory;
import io.opsdeck.shared.ConflictException;
import io.opsdeck.shared.InvalidInputException;
import io.opsdeck.shared.NotFoundException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Applies a schedule's {@link RecoveryPolicy} when a run one of its fires started ends {@code INTERRUPTED} (its node
 * died or shut down; the node that marks it announces {@link RunFinished}). With {@code rerun}, the schedule's action
 * starts once more when the run was interrupted within the schedule's recovery window after the fire's scheduled
 * time; the fire records the rerun or why there was none. At most once per fire across every node: the record is a
 * conditional update in the rerun's own transaction, and a rerun is no fire, so its own interruption starts nothing.
 * "Run now" fires are not rerun (the user can press again). With {@code none}, nothing happens here: the failed-run
 * notification says that the run was interrupted.
 */
@Component
class InterruptedFireRecovery {

	private static final Logger log = LoggerFactory.getLogger(InterruptedFireRecovery.class);

	private final ScheduleFireRepository fires;

	private final ScheduleRepository schedules;

	private final ActionLauncher launcher;

	private final Inventory inventory;

	private final ScheduleJson json;

	private final JdbcTemplate jdbc;

	private final TransactionTemplate transactions;

	InterruptedFireRecovery(ScheduleFireRepository fires, ScheduleRepository schedules, ActionLauncher launcher,
			Inventory inventory, ScheduleJson json, JdbcTemplate jdbc, TransactionTemplate transactions) {
		this.fires = fires;
		this.schedules = schedules;
		this.launcher = launcher;
		this.inventory = inventory;
		this.json = json;
		this.jdbc = jdbc;
		this.transactions = transactions;
	}

	@EventListener
	void on(RunFinished finished) {
		if (finished.status() != RunStatus.INTERRUPTED || !finished.triggeredBy().startsWith("schedule:")) {
			return;
		}
		try {
			recover(finished.runId(), Instant.now());
		}
		catch (RuntimeException ex) {
			log.warn("Run {}: applying its schedule's recovery policy failed: {}", finished.runId(), ex.toString());
		}
	}

	/**
	 * @param runId an interrupted run
	 * @param now when it was found interrupted
	 */
	void recover(UUID runId, Instant now) {
		Optional<ScheduleFire> found = fires.findFirstByRunId(runId);
		if (found.isEmpty() || found.get().manual() || found.get().recoveryMessage() != null) {
			return;
		}
		ScheduleFire fire = found.get();
		Schedule schedule = schedules.findById(fire.scheduleId()).orElse(null);
		if (schedule == null || schedule.recoveryPolicy() != RecoveryPolicy.RERUN) {
			return;
		}
		Instant deadline = fire.scheduledFor().plus(Duration.ofMinutes(schedule.recoveryWindowMinutes()));
		if (now.isAfter(deadline)) {
			record(fire, null, "run " + runId + " was interrupted at " + now + ", after the recovery window of "
					+ schedule.recoveryWindowMinutes() + " minutes from the fire time: not rerun");
			return;
		}
		Optional<String> environment = inventory.environments().stream()
			.filter(e -> e.id().equals(schedule.environmentId()))
			.map(EnvironmentSummary::name)
			.findFirst();
		if (environment.isEmpty()) {
			return;
		}
		Map<String, Object> parameters = json.read(schedule.parametersJson());
		Actor actor = new Actor(Actor.Kind.SCHEDULE, schedule.name(), Role.ADMIN);
		try {
			UUID rerun = transactions.execute(status -> {
				UUID started = launcher.launch(schedule.action(), environment.get(), parameters, actor);
				if (!record(fire, started, "run " + runId + " was interrupted: rerun as run " + started)) {
					status.setRollbackOnly();
					return null;
				}
				return started;
			});
			if (rerun != null) {
				log.info("Schedule '{}': run {} was interrupted; recovery policy rerun started run {}", schedule.name(),
						runId, rerun);
			}
		}
		catch (ConflictException | InvalidInputException | NotFoundException | AccessDeniedException ex) {
			log.warn("Schedule '{}': run {} was interrupted; the rerun could not start: {}", schedule.name(), runId,
					ex.getMessage());
			record(fire, null, "run " + runId + " was interrupted; the rerun could not start: " + ex.getMessage());
		}
	}

	/** @return whether this call recorded it (false: another node recorded the fire's recovery first) */
	private boolean record(ScheduleFire fire, @Nullable UUID rerun, String message) {
		String clipped = (message.length() <= 2000) ? message : message.substring(0, 1997) + "...";
		return jdbc.update("update schedule_fires set recovery_run_id = ?, recovery_message = ? where id = ?"
				+ " and recovery_message is null", rerun, clipped, fire.id()) == 1;
	}

}
