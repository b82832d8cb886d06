package io.opsdeck.notifications;

/**
 * What a notification is about (docs/design/operations-contract.md). A channel subscribes to any of these except
 * {@link #TEST}.
 */
public enum NotificationEventType {

	/** a run ended {@code FAILED}, {@code TIMED_OUT} or {@code INTERRUPTED} (not {@code CANCELLED}) */
	RUN_FAILED,

	/** a DR drill ended {@code FAILED} (seed: Disaster Recovery) */
	DRILL_FAILED,

	/** a DR drill took longer than its RTO target (seed: RTO 30 minutes by default) */
	DRILL_RTO_BREACHED,

	/** no successful drill in the last 92 days (seed: DR drills quarterly); raised when it becomes so, and cleared */
	DRILL_OVERDUE,

	/** the newest backup is older than the threshold (seed: daily backups; default 26 h), or there is none */
	BACKUP_STALE,

	/** a server's health check became {@code CRITICAL} (seed: Health Checks) */
	HEALTH_CRITICAL,

	/** a server needs a reboot after updates (seed: Security Updates, "Reboot if required") */
	REBOOT_REQUIRED,

	/** a test message sent with "Send test"; not subscribable */
	TEST;

	/** @return whether a channel may subscribe to it */
	public boolean subscribable() {
		return this != TEST;
	}

	/** @return whether it is a state evaluated periodically (and may be resolved) rather than a one-off event */
	public boolean condition() {
		return this == DRILL_OVERDUE || this == BACKUP_STALE || this == REBOOT_REQUIRED;
	}

}
