package io.opsdeck.schedules.internal;

import java.time.Instant;
import java.util.List;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Keeps schedules and Quartz in step without a user: at start-up every schedule gets its Quartz job and trigger, and
 * actions Opsdeck performs itself whose node stopped while performing them are marked failed.
 */
@Component
class ScheduleUpkeep {

	private final ScheduleRepository schedules;

	private final ScheduleFireRepository fires;

	private final QuartzSchedules quartz;

	private final SchedulesProperties properties;

	ScheduleUpkeep(ScheduleRepository schedules, ScheduleFireRepository fires, QuartzSchedules quartz,
			SchedulesProperties properties) {
		this.schedules = schedules;
		this.fires = fires;
		this.quartz = quartz;
		this.properties = properties;
	}

	/** Start-up: Quartz gets every schedule's job and trigger (see {@link QuartzSchedules#reconcile}). */
	@EventListener(ApplicationReadyEvent.class)
	@Transactional
	public void reconcile() {
		quartz.reconcile(schedules.findAll(), schedules::existsById);
	}

	/**
	 * Marks actions Opsdeck performs itself that stayed {@code RUNNING} longer than
	 * {@code opsdeck.schedules.action-timeout} as failed: the node performing them stopped.
	 * @return how many were marked
	 */
	@Scheduled(initialDelay = 60_000, fixedDelay = 300_000)
	@Transactional
	public int failAbandonedActions() {
		List<ScheduleFire> stale = fires.findByOutcomeAndFiredAtBefore(ScheduleFire.Outcome.RUNNING,
				Instant.now().minus(properties.actionTimeout()));
		stale.forEach(fire -> fire.finish(ScheduleFire.Outcome.FAILED,
				"interrupted: the node performing it stopped before it finished", null));
		return stale.size();
	}

}
