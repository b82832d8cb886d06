package io.opsdeck.cloudfirewall.internal;

/** Talks to one cloud provider's firewall API. */
interface FirewallDriver {

	/** @return the provider it serves: {@code aws} or {@code digitalocean} */
	String provider();

	/**
	 * @param target the environment's firewall
	 * @return a session the caller closes
	 */
	FirewallSession open(FirewallTarget target);

}
