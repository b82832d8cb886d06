package io.opsdeck.schedules.internal;

import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import org.quartz.CronScheduleBuilder;
import org.quartz.CronTrigger;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.TriggerKey;
import org.quartz.impl.matchers.GroupMatcher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Keeps Quartz in line with the {@code schedules} table: one durable job that requests recovery
 * ({@link ScheduleFireJob}) and one cron trigger per schedule, both named by the schedule id in group
 * {@code schedules}. Called inside the caller's transaction: Quartz's JDBC job store (Spring's
 * {@code LocalDataSourceJobStore}) joins it, so a schedule row and its trigger commit or roll back together.
 */
@Component
class QuartzSchedules {

	static final String GROUP = "schedules";

	static final String SCHEDULE_ID = "scheduleId";

	private static final Logger log = LoggerFactory.getLogger(QuartzSchedules.class);

	private final Scheduler scheduler;

	QuartzSchedules(Scheduler scheduler) {
		this.scheduler = scheduler;
	}

	/**
	 * Creates or replaces the schedule's job and trigger. Replacing resets the trigger: fire times missed before
	 * the change are forgotten. A schedule without future fire times keeps only its job.
	 * @param schedule the stored schedule
	 */
	void put(Schedule schedule) {
		JobDetail job = JobBuilder.newJob(ScheduleFireJob.class)
			.withIdentity(jobKey(schedule.id()))
			.withDescription(schedule.name())
			.usingJobData(SCHEDULE_ID, schedule.id().toString())
			.storeDurably()
			.requestRecovery()
			.build();
		try {
			CronScheduleBuilder cron = CronScheduleBuilder
				.cronScheduleNonvalidatedExpression(schedule.cron())
				.inTimeZone(CronRules.timeZone(CronRules.zone(schedule.timeZone())));
			CronTrigger trigger = TriggerBuilder.newTrigger()
				.withIdentity(triggerKey(schedule.id()))
				.forJob(job)
				.withSchedule(schedule.misfirePolicy().apply(cron))
				.startAt(new Date())
				.build();
			if (trigger.getFireTimeAfter(new Date()) == null) {
				scheduler.addJob(job, true);
				scheduler.unscheduleJob(trigger.getKey());
				return;
			}
			scheduler.scheduleJob(job, Set.of(trigger), true);
			if (schedule.paused()) {
				scheduler.pauseTrigger(trigger.getKey());
			}
		}
		catch (java.text.ParseException | SchedulerException ex) {
			throw new IllegalStateException("cannot schedule '" + schedule.name() + "' in Quartz", ex);
		}
	}

	/**
	 * @param id schedule id
	 * @param paused pause (true) or resume (false) its trigger; a resumed trigger's missed fire times follow its
	 * misfire policy
	 */
	void pause(UUID id, boolean paused) {
		try {
			if (paused) {
				scheduler.pauseTrigger(triggerKey(id));
			}
			else {
				scheduler.resumeTrigger(triggerKey(id));
			}
		}
		catch (SchedulerException ex) {
			throw new IllegalStateException("cannot " + (paused ? "pause" : "resume") + " schedule " + id, ex);
		}
	}

	/** @param id schedule id whose job and trigger are deleted (nothing happens when absent) */
	void delete(UUID id) {
		try {
			scheduler.deleteJob(jobKey(id));
		}
		catch (SchedulerException ex) {
			throw new IllegalStateException("cannot delete schedule " + id + " from Quartz", ex);
		}
	}

	/**
	 * @param id schedule id
	 * @return the trigger's next fire time as Quartz holds it (after misfire handling), or {@code null}
	 */
	Instant nextFireTime(UUID id) {
		try {
			Trigger trigger = scheduler.getTrigger(triggerKey(id));
			Date next = (trigger != null) ? trigger.getNextFireTime() : null;
			return (next != null) ? next.toInstant() : null;
		}
		catch (SchedulerException ex) {
			throw new IllegalStateException("cannot read schedule " + id + " from Quartz", ex);
		}
	}

	/**
	 * Start-up check: adds the job and trigger of schedules that have none (a database restored without the QRTZ
	 * tables, a failed change), aligns paused state, and removes jobs of schedules that no longer exist. Existing
	 * triggers are kept as they are, so fire times missed while Opsdeck was down still follow the misfire policy.
	 * @param schedules every stored schedule
	 * @param exists whether a schedule id exists now (asked again before a job is removed: another node may have
	 * just created it)
	 * @return how many jobs or triggers were added, changed or removed
	 */
	int reconcile(List<Schedule> schedules, java.util.function.Predicate<UUID> exists) {
		int changes = 0;
		try {
			Set<JobKey> known = schedules.stream().map(s -> jobKey(s.id())).collect(Collectors.toSet());
			for (JobKey key : scheduler.getJobKeys(GroupMatcher.jobGroupEquals(GROUP))) {
				if (!known.contains(key) && !isScheduleId(key, exists)) {
					scheduler.deleteJob(key);
					changes++;
				}
			}
			for (Schedule schedule : schedules) {
				TriggerKey key = triggerKey(schedule.id());
				if (!scheduler.checkExists(jobKey(schedule.id())) || !scheduler.checkExists(key)) {
					put(schedule);
					changes += scheduler.checkExists(key) ? 1 : 0;
					continue;
				}
				boolean quartzPaused = scheduler.getTriggerState(key) == Trigger.TriggerState.PAUSED;
				if (quartzPaused != schedule.paused()) {
					pause(schedule.id(), schedule.paused());
					changes++;
				}
			}
		}
		catch (SchedulerException ex) {
			throw new IllegalStateException("cannot reconcile schedules with Quartz", ex);
		}
		if (changes > 0) {
			log.info("Schedules: {} Quartz job(s) or trigger(s) brought in line with the schedules table", changes);
		}
		return changes;
	}

	private static boolean isScheduleId(JobKey key, java.util.function.Predicate<UUID> exists) {
		try {
			return exists.test(UUID.fromString(key.getName()));
		}
		catch (IllegalArgumentException ex) {
			return false;
		}
	}

	/** @return this node's Quartz instance id (host name and start time with {@code instanceId: AUTO}) */
	String instanceId() {
		try {
			return scheduler.getSchedulerInstanceId();
		}
		catch (SchedulerException ex) {
			return "unknown";
		}
	}

	static JobKey jobKey(UUID id) {
		return JobKey.jobKey(id.toString(), GROUP);
	}

	static TriggerKey triggerKey(UUID id) {
		return TriggerKey.triggerKey(id.toString(), GROUP);
	}

}
