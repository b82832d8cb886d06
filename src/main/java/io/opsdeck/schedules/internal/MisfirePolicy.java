package io.opsdeck.schedules.internal;

import io.opsdeck.shared.InvalidInputException;
import org.quartz.CronScheduleBuilder;

/**
 * What happens to fire times missed while no Opsdeck node was running (or every node was busy for longer than the
 * misfire threshold: Quartz's {@code org.quartz.jobStore.misfireThreshold}, env
 * {@code OPSDECK_SCHEDULES_MISFIRE_THRESHOLD_MS}, 60 seconds by default). See docs/schedules.md.
 */
public enum MisfirePolicy {

	/** Fire once as soon as a node is up, however many fire times were missed, then go on with the schedule. */
	FIRE_ONCE("fire-once"),
	/** Forget the missed fire times and wait for the next one. */
	SKIP("skip");

	private final String value;

	MisfirePolicy(String value) {
		this.value = value;
	}

	/** @return the API spelling */
	public String value() {
		return value;
	}

	/**
	 * @param builder the trigger's schedule
	 * @return the builder with Quartz's matching misfire instruction ({@code FIRE_ONCE_NOW} or {@code DO_NOTHING})
	 */
	CronScheduleBuilder apply(CronScheduleBuilder builder) {
		return (this == FIRE_ONCE) ? builder.withMisfireHandlingInstructionFireAndProceed()
				: builder.withMisfireHandlingInstructionDoNothing();
	}

	/**
	 * @param value API spelling
	 * @return the policy
	 * @throws InvalidInputException (field {@code misfirePolicy}) for anything else
	 */
	public static MisfirePolicy fromValue(String value) {
		for (MisfirePolicy policy : values()) {
			if (policy.value.equals(value)) {
				return policy;
			}
		}
		throw new InvalidInputException("misfirePolicy", "unknown misfire policy '" + value
				+ "': use fire-once or skip");
	}

}
