package io.opsdeck.cloudfirewall;

/**
 * The cloud firewall module's API: plan and apply an environment's firewall (seed, Cloud Security (AWS): security
 * groups for ports 22, 80, 443).
 */
public interface CloudFirewalls {

	/**
	 * Reads the group, its rules and the servers' instances from the cloud and says what applying would change.
	 * Changes nothing.
	 * @param environment environment name
	 * @return the plan
	 * @throws io.opsdeck.shared.NotFoundException if the environment or its firewall settings do not exist
	 * @throws CloudFirewallException if the cloud refuses or cannot be reached
	 */
	FirewallPlan plan(String environment);

	/**
	 * Plans again and makes exactly the planned changes, in order.
	 * @param environment environment name
	 * @return the plan that was applied ({@code changes} are the changes made)
	 * @throws io.opsdeck.shared.NotFoundException if the environment or its firewall settings do not exist
	 * @throws CloudFirewallException if the cloud refuses or cannot be reached; {@link CloudFirewallException#applied()}
	 * lists what was changed before
	 */
	FirewallPlan apply(String environment);

}
