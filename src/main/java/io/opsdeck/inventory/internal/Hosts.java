package io.opsdeck.inventory.internal;

import java.util.regex.Pattern;

/**
 * What a server's {@code host} may be: an IPv4 address in dotted-quad form, an IPv6 address (without brackets or
 * zone), or a DNS name as RFC 1123 allows (labels of letters, digits and inner dashes, at most 63 characters each,
 * 253 in all, the last label not all digits). Nothing else, so no space, {@code ;} or leading {@code -} reaches a
 * command line or an inventory file.
 */
public final class Hosts {

	private static final Pattern IPV4 = Pattern
		.compile("^((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)$");

	private static final Pattern LABEL = Pattern.compile("^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$");

	private static final Pattern HEX_GROUP = Pattern.compile("^[0-9A-Fa-f]{1,4}$");

	private Hosts() {
	}

	/**
	 * @param host candidate host
	 * @return whether it is an IPv4 address, an IPv6 address or an RFC 1123 DNS name
	 */
	public static boolean isValid(String host) {
		if (host == null || host.isEmpty() || host.length() > 253) {
			return false;
		}
		return IPV4.matcher(host).matches() || (host.indexOf(':') >= 0 ? isIpv6(host) : isDnsName(host));
	}

	private static boolean isDnsName(String host) {
		String name = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
		String[] labels = name.split("\\.", -1);
		for (String label : labels) {
			if (!LABEL.matcher(label).matches()) {
				return false;
			}
		}
		return !labels[labels.length - 1].chars().allMatch(Character::isDigit);
	}

	private static boolean isIpv6(String host) {
		String address = host;
		if (address.indexOf('.') >= 0) {
			// an embedded IPv4 tail, e.g. ::ffff:192.0.2.1, counts as two groups
			int lastColon = address.lastIndexOf(':');
			if (!IPV4.matcher(address.substring(lastColon + 1)).matches()) {
				return false;
			}
			address = address.substring(0, lastColon + 1) + "0:0";
		}
		int gap = address.indexOf("::");
		if (gap < 0) {
			return groups(address) == 8;
		}
		if (address.indexOf("::", gap + 1) >= 0) {
			return false;
		}
		int head = groups(address.substring(0, gap));
		int tail = groups(address.substring(gap + 2));
		return head >= 0 && tail >= 0 && head + tail <= 7;
	}

	/** @return the number of hex groups in a colon-separated part, 0 if empty, -1 if any group is malformed */
	private static int groups(String part) {
		if (part.isEmpty()) {
			return 0;
		}
		String[] groups = part.split(":", -1);
		for (String group : groups) {
			if (!HEX_GROUP.matcher(group).matches()) {
				return -1;
			}
		}
		return groups.length;
	}

}
