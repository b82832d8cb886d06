package io.opsdeck.schedules.internal;

import java.time.Instant;
import java.util.UUID;

import org.quartz.Job;
import org.quartz.JobDataMap;
import org.quartz.JobExecutionContext;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Quartz job of every schedule: hands the fire to {@link ScheduleFirer}. When Quartz re-runs the job because the
 * node that ran it died ({@code requestsRecovery}), the fire keeps its original scheduled time, so the firer finds
 * its record and starts nothing twice. Never asks Quartz to re-fire: failures are recorded on the fire instead.
 */
public class ScheduleFireJob implements Job {

	private static final Logger log = LoggerFactory.getLogger(ScheduleFireJob.class);

	private final ScheduleFirer firer;

	/** @param firer performs the fire (Spring's job factory injects it) */
	public ScheduleFireJob(ScheduleFirer firer) {
		this.firer = firer;
	}

	@Override
	public void execute(JobExecutionContext context) {
		JobDataMap data = context.getMergedJobDataMap();
		String id = data.getString(QuartzSchedules.SCHEDULE_ID);
		try {
			firer.fire(UUID.fromString(id), scheduledFor(context), node(context));
		}
		catch (RuntimeException ex) {
			log.error("Schedule {}: the fire at {} failed unexpectedly", id, context.getScheduledFireTime(), ex);
		}
	}

	private static Instant scheduledFor(JobExecutionContext context) {
		if (context.isRecovering()) {
			String original = context.getMergedJobDataMap()
				.getString(Scheduler.FAILED_JOB_ORIGINAL_TRIGGER_SCHEDULED_FIRETIME_IN_MILLISECONDS);
			if (original != null) {
				Instant scheduledFor = Instant.ofEpochMilli(Long.parseLong(original));
				log.info("Schedule {}: recovering the fire at {} that a stopped node was performing (it starts nothing "
						+ "if that fire was recorded)", context.getMergedJobDataMap().getString(QuartzSchedules.SCHEDULE_ID),
						scheduledFor);
				return scheduledFor;
			}
		}
		return context.getScheduledFireTime().toInstant();
	}

	private static String node(JobExecutionContext context) {
		try {
			return context.getScheduler().getSchedulerInstanceId();
		}
		catch (SchedulerException ex) {
			return "unknown";
		}
	}

}
