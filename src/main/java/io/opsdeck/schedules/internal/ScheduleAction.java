package io.opsdeck.schedules.internal;

import java.util.Locale;

import io.opsdeck.shared.InvalidInputException;

/**
 * What a schedule does when it fires. API spelling: {@code drill}, {@code security-update}, {@code health-check},
 * {@code backup}, {@code backup-verify}, {@code backup-cleanup}.
 */
public enum ScheduleAction {

	/** A DR drill of the newest backup (parameter {@code type}; seed: DR Drill Schedule, quarterly). */
	DRILL(true, "DR drill"),
	/** {@code security-updates.yml} (parameters {@code mode}, {@code packages}, {@code cves}, {@code reboot}). */
	SECURITY_UPDATE(true, "Security update"),
	/** {@code health-check.yml} over the environment (seed: Health Checks). */
	HEALTH_CHECK(true, "Health check"),
	/** {@code backup.yml}: a new backup (seed: Backup Management, nightly). */
	BACKUP(true, "Backup"),
	/** The newest backup's age and checksums (parameter {@code maxAgeHours}; seed: Maintenance, weekly). */
	BACKUP_VERIFY(false, "Backup verification"),
	/** Deletes old backups (parameters {@code retentionDays}, {@code keepNewest}; seed: 30 days). */
	BACKUP_CLEANUP(false, "Backup cleanup");

	private final boolean startsRun;

	private final String title;

	ScheduleAction(boolean startsRun, String title) {
		this.startsRun = startsRun;
		this.title = title;
	}

	/** @return whether a fire queues a run (else Opsdeck performs the action itself and records its result) */
	public boolean startsRun() {
		return startsRun;
	}

	/** @return a human title, e.g. {@code DR drill} */
	public String title() {
		return title;
	}

	/** @return the API spelling */
	public String value() {
		return name().toLowerCase(Locale.ROOT).replace('_', '-');
	}

	/**
	 * @param value API spelling
	 * @return the action
	 * @throws InvalidInputException (field {@code action}) for anything else
	 */
	public static ScheduleAction fromValue(String value) {
		for (ScheduleAction action : values()) {
			if (action.value().equals(value)) {
				return action;
			}
		}
		throw new InvalidInputException("action", "unknown action '" + value + "': use drill, security-update, "
				+ "health-check, backup, backup-verify or backup-cleanup");
	}

}
