package io.opsdeck.health;

/**
 * The status of one health check of one server, or of the whole server (the worst of its checks). Ordered from best
 * to worst, so {@code a.compareTo(b) > 0} means {@code a} is worse. Thresholds per environment (seed: Health
 * Checks; disk warn 80 %, critical 90 % by default).
 */
public enum HealthStatus {

	/** within every threshold */
	OK,

	/** a warning threshold is crossed (or a detail could not be read, e.g. no permission) */
	WARNING,

	/** a critical threshold is crossed, or a required service is down */
	CRITICAL,

	/** the server could not be checked (unreachable, the run failed before the probe) */
	UNKNOWN;

	/** @return the Prometheus gauge value of {@code opsdeck_health_check_status}: 0 ok, 1 warning, 2 critical, 3 unknown */
	public int gaugeValue() {
		return ordinal();
	}

}
