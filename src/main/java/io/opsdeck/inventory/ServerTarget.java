package io.opsdeck.inventory;

import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * Everything the run engine needs to reach one server.
 *
 * @param id server id
 * @param name inventory host name, unique across Opsdeck
 * @param host DNS name or IP address
 * @param port SSH port
 * @param username SSH login user
 * @param connection how to reach it
 * @param credentialId the SSH key to log in with; {@code null} for {@link Connection#LOCAL}
 * @param hostKeyPolicy host key checking policy
 * @param hostKeyFingerprint trusted fingerprint {@code SHA256:<base64>}, or {@code null} when not yet known
 * @param hostKey trusted public host key in {@code known_hosts} form ({@code <type> <base64>}) once Opsdeck has
 * seen it, else {@code null}
 * @param environment name of the server's environment
 * @param roles role tags, which become Ansible groups
 * @param cloudInstanceId the server's instance at its cloud provider (EC2 {@code i-...} or droplet id), or
 * {@code null}; used by the cloud firewall
 */
public record ServerTarget(UUID id, String name, String host, int port, String username, Connection connection,
		@Nullable UUID credentialId, HostKeyPolicy hostKeyPolicy, @Nullable String hostKeyFingerprint,
		@Nullable String hostKey, String environment, List<String> roles, @Nullable String cloudInstanceId) {

	/** A server without a cloud instance id. */
	public ServerTarget(UUID id, String name, String host, int port, String username, Connection connection,
			@Nullable UUID credentialId, HostKeyPolicy hostKeyPolicy, @Nullable String hostKeyFingerprint,
			@Nullable String hostKey, String environment, List<String> roles) {
		this(id, name, host, port, username, connection, credentialId, hostKeyPolicy, hostKeyFingerprint, hostKey,
				environment, roles, null);
	}

	public boolean isLocal() {
		return connection == Connection.LOCAL;
	}

}
