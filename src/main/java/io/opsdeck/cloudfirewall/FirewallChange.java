package io.opsdeck.cloudfirewall;

import org.jspecify.annotations.Nullable;

/**
 * One change a plan would make, or an apply made, in the cloud.
 *
 * @param action what: {@link Action#CREATE_GROUP}, {@link Action#ADD_RULE} or {@link Action#ATTACH}
 * @param description the change in words, e.g. {@code allow tcp 443 from ::/0}
 * @param port for {@code ADD_RULE}: the TCP port (22, 80 or 443); else {@code null}
 * @param source for {@code ADD_RULE}: the source range, {@code 0.0.0.0/0} or {@code ::/0}; else {@code null}
 * @param server for {@code ATTACH}: the server's name in Opsdeck; else {@code null}
 * @param instanceId for {@code ATTACH}: the EC2 instance id or droplet id; else {@code null}
 */
public record FirewallChange(Action action, String description, @Nullable Integer port, @Nullable String source,
		@Nullable String server, @Nullable String instanceId) {

	/** The kinds of change, in the order they are applied. */
	public enum Action {

		/** create the security group / firewall */
		CREATE_GROUP,
		/** allow one port from one source range */
		ADD_RULE,
		/** attach the group to one server's instance, keeping its other groups */
		ATTACH

	}

	/** @return a {@link Action#CREATE_GROUP} change */
	public static FirewallChange createGroup(String description) {
		return new FirewallChange(Action.CREATE_GROUP, description, null, null, null, null);
	}

	/** @return an {@link Action#ADD_RULE} change for TCP {@code port} from {@code source} */
	public static FirewallChange addRule(int port, String source) {
		return new FirewallChange(Action.ADD_RULE, "allow tcp " + port + " from " + source, port, source, null, null);
	}

	/** @return an {@link Action#ATTACH} change */
	public static FirewallChange attach(String server, String instanceId) {
		return new FirewallChange(Action.ATTACH, "attach to " + server + " (" + instanceId + ")", null, null, server,
				instanceId);
	}

}
