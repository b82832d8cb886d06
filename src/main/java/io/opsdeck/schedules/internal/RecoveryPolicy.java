package io.opsdeck.schedules.internal;

import io.opsdeck.shared.InvalidInputException;

/**
 * What happens when a run a schedule started ends {@code INTERRUPTED}: its Opsdeck node died (marked by a surviving
 * node after {@code opsdeck.runs.stale-after}) or shut down before the run finished. See docs/schedules.md.
 */
public enum RecoveryPolicy {

	/** Record it, notify (a failed-run notification), and wait for the next fire time. */
	NONE("none"),
	/**
	 * Start the schedule's action once more, at most once per fire, when the run was interrupted within the schedule's
	 * recovery window after the fire's scheduled time.
	 */
	RERUN("rerun");

	private final String value;

	RecoveryPolicy(String value) {
		this.value = value;
	}

	/** @return the API spelling */
	public String value() {
		return value;
	}

	/**
	 * @param value API spelling
	 * @return the policy
	 * @throws InvalidInputException (field {@code recoveryPolicy}) for anything else
	 */
	public static RecoveryPolicy fromValue(String value) {
		for (RecoveryPolicy policy : values()) {
			if (policy.value.equals(value)) {
				return policy;
			}
		}
		throw new InvalidInputException("recoveryPolicy", "unknown recovery policy '" + value
				+ "': use none or rerun");
	}

}
