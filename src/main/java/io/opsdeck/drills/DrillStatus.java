package io.opsdeck.drills;

/**
 * Where a drill stands. {@code PARTIALLY_FAILED}: everything was restored, but a data check failed or there is a
 * warning (e.g. the backup had no manifest).
 */
public enum DrillStatus {

	QUEUED, RUNNING, SUCCEEDED, PARTIALLY_FAILED, FAILED;

	public boolean isFinished() {
		return this == SUCCEEDED || this == PARTIALLY_FAILED || this == FAILED;
	}

}
