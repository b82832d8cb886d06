package io.opsdeck.inventory.internal;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

import io.opsdeck.inventory.ServerTarget;
import io.opsdeck.shared.InvalidInputException;

/**
 * The names the run engine writes into a generated Ansible inventory, and the ones Ansible reserves. Server names
 * become host names as they are; environment names and role tags become group names through {@link #group(String)}.
 * <p>
 * Ansible defines two groups of its own, {@code all} and {@code ungrouped} (Ansible docs, "How to build your
 * inventory: default groups"). A host named {@code all} makes {@code hosts: all} match that host alone, so a run on
 * the environment silently skips every other server; a group named {@code all} makes the generated inventory
 * unparseable. A host and a group with the same name make Ansible warn "Found both group and host with same name"
 * and targeting ambiguous.
 */
final class AnsibleNames {

	/** Group names Ansible defines itself, lower case. */
	static final Set<String> RESERVED = Set.of("all", "ungrouped");

	private static final Pattern NOT_GROUP_CHARACTER = Pattern.compile("[^a-z0-9_]");

	private AnsibleNames() {
	}

	/**
	 * The group an environment or role becomes: lower case, every character outside {@code [a-z0-9_]} replaced by
	 * {@code _}, and {@code _} in front of a leading digit. Must stay the same transformation as
	 * {@code io.opsdeck.execution.internal.ansible.InventoryDocument.group}, which writes the inventory.
	 * @param name environment name or role tag, not empty
	 * @return the Ansible group name
	 */
	static String group(String name) {
		String group = NOT_GROUP_CHARACTER.matcher(name.toLowerCase(Locale.ROOT)).replaceAll("_");
		return Character.isDigit(group.charAt(0)) ? "_" + group : group;
	}

	/**
	 * @param name a server name (host), environment name or role tag
	 * @return whether it is, ignoring case, or becomes as a group, one of Ansible's own groups
	 */
	static boolean isReserved(String name) {
		return !name.isEmpty() && (RESERVED.contains(name.toLowerCase(Locale.ROOT)) || RESERVED.contains(group(name)));
	}

	/**
	 * Refuses a host name that is also a group name in the inventory of its environment's runs, where Ansible warns
	 * "Found both group and host with same name" and a pattern like {@code hosts: db} may mean either: the
	 * environment's group (or the environment's name itself), the server's own role groups, and the role groups of
	 * the other servers there; and, the other way round, a role whose group is the name of another server there.
	 * @param name the server's name
	 * @param roles its role tags
	 * @param environment its environment's name
	 * @param others the other servers of that environment
	 * @throws InvalidInputException on {@code name} or {@code roles}, saying which names collide
	 */
	static void checkServer(String name, List<String> roles, String environment, List<ServerTarget> others) {
		String environmentGroup = group(environment);
		if (name.equals(environment) || name.equals(environmentGroup)) {
			throw new InvalidInputException("name", "'" + name + "' is the name of its environment, which becomes"
					+ " the Ansible group '" + environmentGroup + "'; a host and a group with the same name make"
					+ " targeting ambiguous. Choose another server name");
		}
		for (String role : roles) {
			if (name.equals(role) || name.equals(group(role))) {
				throw new InvalidInputException("roles", "role '" + role + "' is the server's own name; as an Ansible"
						+ " group it would make targeting ambiguous. Drop the role or rename the server");
			}
		}
		for (ServerTarget other : others) {
			for (String role : other.roles()) {
				if (name.equals(group(role))) {
					throw new InvalidInputException("name", "server '" + other.name() + "' in environment '"
							+ environment + "' has role '" + role + "', which is the Ansible group '" + name
							+ "'; a host and a group with the same name make targeting ambiguous");
				}
			}
			for (String role : roles) {
				if (other.name().equals(group(role))) {
					throw new InvalidInputException("roles", "role '" + role + "' becomes the Ansible group '"
							+ other.name() + "', which is the name of a server in environment '" + environment
							+ "'; a host and a group with the same name make targeting ambiguous");
				}
			}
		}
	}

	/** @return the explanation for a reserved {@code name}, naming what it would break */
	static String reservedMessage(String what, String name) {
		return "'" + name + "' is reserved by Ansible ('all' and 'ungrouped' are the groups every inventory has);"
				+ " a " + what + " with this name would make runs target the wrong hosts or fail. Choose another name";
	}

}
