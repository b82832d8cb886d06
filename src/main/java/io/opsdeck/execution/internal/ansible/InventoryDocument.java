package io.opsdeck.execution.internal.ansible;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

import io.opsdeck.inventory.ServerTarget;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The Ansible inventory Opsdeck generates from the database for one run, as a JSON document (which Ansible's YAML
 * inventory plugin reads): every server under {@code all.hosts} with its connection variables, and groups for the
 * environment and for each role tag ({@code -} becomes {@code _}, as Ansible wants group names).
 */
final class InventoryDocument {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private InventoryDocument() {
	}

	/**
	 * @param environment environment name (a group)
	 * @param servers the environment's servers
	 * @param keyFiles private key file per server id, for SSH servers
	 * @return the inventory as JSON text
	 */
	static String render(String environment, java.util.List<ServerTarget> servers, Map<java.util.UUID, Path> keyFiles) {
		ObjectNode root = JSON.createObjectNode();
		ObjectNode all = root.putObject("all");
		ObjectNode hosts = all.putObject("hosts");
		ObjectNode children = all.putObject("children");
		for (ServerTarget server : servers) {
			ObjectNode vars = hosts.putObject(server.name());
			if (server.isLocal()) {
				vars.put("ansible_connection", "local");
				vars.put("ansible_python_interpreter", "{{ ansible_playbook_python }}");
			}
			else {
				vars.put("ansible_host", server.host());
				vars.put("ansible_port", server.port());
				vars.put("ansible_user", server.username());
				// known_hosts holds each server's verified key under its own name, so a server can never be trusted
				// through another server that shares its address
				vars.put("ansible_ssh_common_args", "-o HostKeyAlias=" + server.name());
				Path key = keyFiles.get(server.id());
				if (key != null) {
					vars.put("ansible_ssh_private_key_file", key.toString());
				}
			}
			vars.put("opsdeck_server_id", server.id().toString());
			vars.put("opsdeck_environment", environment);
			addToGroup(children, group(environment), server.name());
			for (String role : server.roles()) {
				addToGroup(children, group(role), server.name());
			}
		}
		return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root);
	}

	private static void addToGroup(ObjectNode children, String group, String host) {
		ObjectNode node = children.has(group) ? (ObjectNode) children.get(group) : children.putObject(group);
		ObjectNode members = node.has("hosts") ? (ObjectNode) node.get("hosts") : node.putObject("hosts");
		members.putNull(host);
	}

	static String group(String name) {
		String group = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
		return Character.isDigit(group.charAt(0)) ? "_" + group : group;
	}

}
