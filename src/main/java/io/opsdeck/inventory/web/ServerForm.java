package io.opsdeck.inventory.web;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import io.opsdeck.inventory.Connection;
import io.opsdeck.inventory.HostKeyPolicy;
import io.opsdeck.inventory.internal.InventoryRules;
import io.opsdeck.inventory.internal.ServerDetails;
import io.opsdeck.inventory.internal.ServerSpec;
import io.opsdeck.inventory.internal.ValidHost;
import io.opsdeck.shared.InvalidInputException;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The server form. Every field is text, so that any input binds and comes back with a message next to its field;
 * roles are comma-separated.
 *
 * @param name inventory host name
 * @param host IPv4, IPv6 or DNS name
 * @param port SSH port
 * @param username SSH login user
 * @param environment environment name
 * @param credentialId credential id or empty
 * @param connection {@code ssh} or {@code local}
 * @param hostKeyPolicy {@code strict} or {@code trust-on-first-use}
 * @param hostKeyFingerprint fingerprint or empty
 * @param roles comma-separated role tags
 * @param cloudInstanceId EC2 instance id or droplet id, or empty
 */
public record ServerForm(
		@NotBlank @Pattern(regexp = InventoryRules.SERVER_NAME, message = InventoryRules.NAME_MESSAGE) String name,
		@NotBlank @ValidHost String host,
		@NotBlank @Pattern(regexp = "^[1-9][0-9]{0,4}$", message = "must be between 1 and 65535") String port,
		@NotBlank @Pattern(regexp = InventoryRules.USERNAME,
				message = "must be a login name: lowercase letters, digits, '_', '.', '-', at most 32") String username,
		@NotBlank(message = "choose an environment") @Pattern(regexp = InventoryRules.NO_CONTROL_CHARACTERS,
				message = InventoryRules.NO_CONTROL_CHARACTERS_MESSAGE) String environment,
		@Nullable String credentialId,
		@NotBlank @Pattern(regexp = InventoryRules.CONNECTION, message = "must be ssh or local") String connection,
		@NotBlank @Pattern(regexp = InventoryRules.HOST_KEY_POLICY,
				message = "must be strict or trust-on-first-use") String hostKeyPolicy,
		@Nullable @Pattern(regexp = "^$|" + InventoryRules.FINGERPRINT,
				message = "must look like SHA256:<43 base64 characters>, as ssh-keygen -lf prints it") String hostKeyFingerprint,
		@Nullable String roles,
		@Nullable @Pattern(regexp = "^\\s*$|" + InventoryRules.CLOUD_INSTANCE_ID,
				message = InventoryRules.CLOUD_INSTANCE_ID_MESSAGE) String cloudInstanceId) {

	static ServerForm empty(@Nullable String environment) {
		return new ServerForm(null, null, "22", null, environment, null, "ssh", "strict", null, null, null);
	}

	static ServerForm of(ServerDetails server) {
		return new ServerForm(server.name(), server.host(), String.valueOf(server.port()), server.username(),
				server.environment(), (server.credentialId() != null) ? server.credentialId().toString() : null,
				server.connection().name().toLowerCase(Locale.ROOT), server.hostKeyPolicy().value(),
				server.hostKeyFingerprint(), String.join(", ", server.roles()), server.cloudInstanceId());
	}

	/** @throws InvalidInputException on {@code credentialId} or {@code port} when they do not parse */
	ServerSpec toSpec() {
		UUID credential = null;
		if (credentialId != null && !credentialId.isBlank()) {
			try {
				credential = UUID.fromString(credentialId.strip());
			}
			catch (IllegalArgumentException ex) {
				throw new InvalidInputException("credentialId", "choose a credential from the list");
			}
		}
		List<String> roleList = (roles == null) ? List.of()
				: Arrays.stream(roles.split("[,\\s]+")).filter(r -> !r.isBlank()).toList();
		String fingerprint = (hostKeyFingerprint == null || hostKeyFingerprint.isBlank()) ? null
				: hostKeyFingerprint.strip();
		return new ServerSpec(name, host, Integer.parseInt(port), username, environment, credential,
				Connection.valueOf(connection.toUpperCase(Locale.ROOT)), HostKeyPolicy.fromValue(hostKeyPolicy),
				fingerprint, roleList, cloudInstanceId);
	}

}
