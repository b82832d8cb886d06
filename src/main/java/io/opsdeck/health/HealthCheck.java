package io.opsdeck.health;

import java.util.Locale;

/**
 * One column of the health grid: the seed's list of checks (seed: Health Checks). The API, the metric's
 * {@code check} label and the stored rows use {@link #value()}.
 */
public enum HealthCheck {

	/** Docker service status: installed, service active, daemon reachable */
	DOCKER,

	/** each container's state and health (unhealthy, restarting or dead is a warning) */
	CONTAINERS,

	/** used space per local mount against the disk thresholds (percent) */
	DISK,

	/** memory used (total minus available) against the memory threshold (percent) */
	MEMORY,

	/** the 5-minute load average per CPU against the load thresholds */
	LOAD,

	/** listening TCP and UDP ports (informational) */
	PORTS,

	/** firewall status (ufw, nftables or iptables) */
	FIREWALL;

	/** @return the lower-case name, e.g. {@code disk} */
	public String value() {
		return name().toLowerCase(Locale.ROOT);
	}

	/**
	 * @param value a lower-case name
	 * @return the check
	 * @throws IllegalArgumentException for an unknown name
	 */
	public static HealthCheck fromValue(String value) {
		return valueOf(value.toUpperCase(Locale.ROOT));
	}

}
