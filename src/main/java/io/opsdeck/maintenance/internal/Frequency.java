package io.opsdeck.maintenance.internal;

import java.time.Duration;

/**
 * How often a checklist item is due (seed: Maintenance Procedures' four lists), as a period: an item done at
 * {@code T} is due again by {@code T + period}.
 */
public enum Frequency {

	/** 7 days. */
	WEEKLY("Weekly", Duration.ofDays(7)),
	/** 31 days. */
	MONTHLY("Monthly", Duration.ofDays(31)),
	/** 92 days: the same bound as the "drill overdue" alert (docs/monitoring). */
	QUARTERLY("Quarterly", Duration.ofDays(92)),
	/** 366 days. */
	ANNUALLY("Annually", Duration.ofDays(366));

	private final String title;

	private final Duration period;

	Frequency(String title, Duration period) {
		this.title = title;
		this.period = period;
	}

	/** @return e.g. {@code Weekly} */
	public String title() {
		return title;
	}

	/** @return the period after which a done item is due again */
	public Duration period() {
		return period;
	}

}
