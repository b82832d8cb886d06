package io.opsdeck.inventory.web;

import java.util.List;
import java.util.Locale;
import java.util.UUID;

import io.opsdeck.inventory.Connection;
import io.opsdeck.inventory.HostKeyPolicy;
import io.opsdeck.inventory.internal.InventoryRules;
import io.opsdeck.inventory.internal.ServerSpec;
import io.opsdeck.inventory.internal.ValidHost;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;

/**
 * Body of {@code POST /api/v1/servers} and {@code PUT /api/v1/servers/{id}}:
 * {@code {"name":"web-1","host":"127.0.0.1","port":2222,"username":"root","environment":"staging",
 * "credentialId":"...","hostKeyPolicy":"strict","hostKeyFingerprint":"SHA256:...","roles":["web"],
 * "cloudInstanceId":"i-0123456789abcdef0"}}.
 *
 * @param name unique inventory host name, {@code ^[a-z0-9][a-z0-9._-]{0,62}$}, not {@code all} or
 * {@code ungrouped}, and not the Ansible group of its environment or of a role in that environment
 * @param host IPv4, IPv6 or DNS name
 * @param port SSH port, default 22
 * @param username SSH login user, {@code ^[a-z_][a-z0-9_.-]{0,31}$}
 * @param environment environment name
 * @param credentialId SSH key to log in with; required unless {@code connection} is {@code local}
 * @param connection {@code ssh} (default) or {@code local} (admin-only, can be switched off)
 * @param hostKeyPolicy {@code strict} (default) or {@code trust-on-first-use}
 * @param hostKeyFingerprint {@code SHA256:<43 base64 characters>}, optional; on PUT, omitting it clears it
 * @param roles up to 20 role tags, {@code ^[a-z0-9][a-z0-9_-]{0,31}$}, not {@code all} or {@code ungrouped}, and
 * not (as Ansible groups) the name of this or another server in the environment
 * @param cloudInstanceId the server's instance at the environment's cloud provider, for the cloud firewall: an EC2
 * instance id ({@code i-} and 8 or 17 hex digits) on AWS, a droplet id on DigitalOcean; optional, on PUT omitting it
 * clears it
 */
public record ServerRequest(
		@NotBlank @Pattern(regexp = InventoryRules.SERVER_NAME, message = InventoryRules.NAME_MESSAGE) String name,
		@NotBlank @ValidHost String host,
		@Nullable @Min(value = 1, message = "must be between 1 and 65535")
		@Max(value = 65535, message = "must be between 1 and 65535") Integer port,
		@NotBlank @Pattern(regexp = InventoryRules.USERNAME,
				message = "must be a login name: lowercase letters, digits, '_', '.', '-', at most 32") String username,
		@NotBlank @Pattern(regexp = InventoryRules.NO_CONTROL_CHARACTERS,
				message = InventoryRules.NO_CONTROL_CHARACTERS_MESSAGE) String environment,
		@Nullable UUID credentialId,
		@Nullable @Pattern(regexp = InventoryRules.CONNECTION, message = "must be ssh or local") String connection,
		@Nullable @Pattern(regexp = InventoryRules.HOST_KEY_POLICY,
				message = "must be strict or trust-on-first-use") String hostKeyPolicy,
		@Nullable @Pattern(regexp = InventoryRules.FINGERPRINT,
				message = "must look like SHA256:<43 base64 characters>, as ssh-keygen -lf prints it") String hostKeyFingerprint,
		@Nullable @Size(max = InventoryRules.MAX_ROLES, message = "at most 20 roles") List<@Pattern(
				regexp = InventoryRules.ROLE,
				message = "roles are 1-32 lowercase letters, digits, '_' or '-'") String> roles,
		@Nullable @Pattern(regexp = "^$|" + InventoryRules.CLOUD_INSTANCE_ID,
				message = InventoryRules.CLOUD_INSTANCE_ID_MESSAGE) String cloudInstanceId) {

	ServerSpec toSpec() {
		return new ServerSpec(name, host, (port != null) ? port : 22, username, environment, credentialId,
				(connection != null) ? Connection.valueOf(connection.toUpperCase(Locale.ROOT)) : Connection.SSH,
				(hostKeyPolicy != null) ? HostKeyPolicy.fromValue(hostKeyPolicy) : HostKeyPolicy.STRICT,
				hostKeyFingerprint, (roles != null) ? roles : List.of(), cloudInstanceId);
	}

}
