package io.opsdeck.cloudfirewall.internal;

import java.util.List;

/**
 * What the firewall allows and the shapes of its settings. Ports: seed, Cloud Security (AWS): "Security Groups
 * configured for ports 22, 80, 443; inbound rules allowing web traffic", from anywhere over IPv4 and IPv6.
 */
public final class FirewallRules {

	/** SSH, HTTP, HTTPS. */
	public static final List<Integer> PORTS = List.of(22, 80, 443);

	public static final String ANY_IPV4 = "0.0.0.0/0";

	public static final String ANY_IPV6 = "::/0";

	public static final List<String> SOURCES = List.of(ANY_IPV4, ANY_IPV6);

	/**
	 * Valid as an EC2 security group name in a VPC and as a DigitalOcean firewall name: a letter or digit, then
	 * letters, digits, {@code .} or {@code -}; at most 255 characters; not starting with {@code sg-} (AWS).
	 */
	public static final String GROUP_NAME = "^(?!sg-)[A-Za-z0-9][A-Za-z0-9.-]{0,254}$";

	public static final String GROUP_NAME_MESSAGE = "use letters, digits, '.' or '-', starting with a letter or digit,"
			+ " at most 255 characters, not starting with sg-";

	/** AWS access key ids: {@code AKIA...}/{@code ASIA...} and, for compatible services, similar tokens. */
	// AWS access key ids are upper-case letters and digits (AKIA…, ASIA…); a secret access key (mixed case, '/', '+')
	// pasted here by mistake is refused instead of being shown to every viewer
	public static final String ACCESS_KEY_ID = "^[A-Z0-9]{16,128}$";

	public static final String ENDPOINT = "^https?://[A-Za-z0-9.\\-\\[\\]:]+(:[0-9]{1,5})?/?$";

	public static final String ENDPOINT_MESSAGE = "must be http(s)://host[:port], without a path";

	private FirewallRules() {
	}

	/** @return the default group name of an environment, e.g. {@code opsdeck-staging-web} */
	public static String defaultGroupName(String environment) {
		return "opsdeck-" + environment + "-web";
	}

}
