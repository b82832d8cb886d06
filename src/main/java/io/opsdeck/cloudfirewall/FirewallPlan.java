package io.opsdeck.cloudfirewall;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.jspecify.annotations.Nullable;

/**
 * What applying an environment's cloud firewall would change, read from the cloud just now; also the result of an
 * apply (then {@code changes} are the changes made).
 *
 * @param environment environment name
 * @param provider {@code aws} or {@code digitalocean}
 * @param region the environment's region, e.g. {@code us-east-1}
 * @param groupName the security group's / firewall's name, e.g. {@code opsdeck-staging-web}
 * @param groupId its id in the cloud ({@code sg-...}, a firewall UUID), or {@code null} while it does not exist
 * @param changes the changes, in order: create the group, add rules, attach to instances; empty when in sync
 * @param notes what the plan leaves alone and why, e.g. a server without a cloud instance id
 */
public record FirewallPlan(String environment, String provider, String region, String groupName,
		@Nullable String groupId, List<FirewallChange> changes, List<String> notes) {

	/** @return whether the cloud already matches: nothing to change */
	@JsonProperty("inSync")
	public boolean inSync() {
		return changes.isEmpty();
	}

}
