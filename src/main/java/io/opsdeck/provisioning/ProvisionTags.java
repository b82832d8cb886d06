package io.opsdeck.provisioning;

import java.util.List;
import java.util.Map;

/**
 * The tags of {@code provision.yml} the control plane offers (docs/design/provisioning-contract.md), in playbook
 * order, and the settings each one needs.
 */
public final class ProvisionTags {

	/** Every tag, in the order the roles run. */
	public static final List<String> ALL = List.of("common", "security", "docker", "ssl", "monitoring", "failover",
			"django");

	/**
	 * Tag → settings it cannot run without, by their API names (the contract: {@code domain_name} is required by
	 * {@code ssl} and {@code django}, {@code ssl_email} by {@code ssl}, {@code db_password} by {@code django}).
	 */
	public static final Map<String, List<String>> REQUIRED_SETTINGS = Map.of("ssl", List.of("domainName", "sslEmail"),
			"django", List.of("domainName", "dbPasswordCredentialId"));

	private ProvisionTags() {
	}

	/** @return a human description of a tag, for the provision form */
	public static String describe(String tag) {
		return switch (tag) {
			case "common" -> "system updates, app user and directories, deploy key, .env template, journald retention";
			case "security" -> "SSH hardening, UFW 22/80/443, fail2ban, automatic security updates";
			case "docker" -> "Docker Engine and compose plugin, journald log driver";
			case "ssl" -> "Caddy with automatic HTTPS for the domain";
			case "monitoring" -> "node_exporter on 9100, optional Promtail";
			case "failover" -> "standby and floating address";
			case "django" -> "clone, compose.prod.yml, migrations, admin user";
			default -> tag;
		};
	}

}
