package io.opsdeck.cloudfirewall.internal;

import io.opsdeck.cloudfirewall.FirewallPlan;

/**
 * One conversation with a cloud API about one environment's firewall: {@link #plan()} reads the cloud and remembers
 * what it saw; {@link #apply()} makes exactly the changes of the last plan.
 */
interface FirewallSession extends AutoCloseable {

	/**
	 * @return what would change
	 * @throws io.opsdeck.cloudfirewall.CloudFirewallException if the cloud refuses or cannot be reached
	 */
	FirewallPlan plan();

	/**
	 * Applies the changes of the last {@link #plan()}, in order.
	 * @return the plan with the changes made
	 * @throws io.opsdeck.cloudfirewall.CloudFirewallException with the changes made before the failure
	 * @throws IllegalStateException if {@link #plan()} was not called
	 */
	FirewallPlan apply();

	@Override
	void close();

}
