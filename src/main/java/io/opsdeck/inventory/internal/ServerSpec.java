package io.opsdeck.inventory.internal;

import java.util.List;
import java.util.UUID;

import io.opsdeck.inventory.Connection;
import io.opsdeck.inventory.HostKeyPolicy;
import org.jspecify.annotations.Nullable;

/**
 * A server as a client wants it. Shapes are checked by Bean Validation at the edge; {@link ServerService} checks
 * references (environment, credential), roles and the local-connection rules.
 *
 * @param name unique inventory host name
 * @param host IPv4, IPv6 or DNS name
 * @param port SSH port, 1-65535
 * @param username SSH login user
 * @param environment environment name
 * @param credentialId SSH key to log in with; required for {@link Connection#SSH}
 * @param connection how to reach it
 * @param hostKeyPolicy host key checking
 * @param hostKeyFingerprint trusted host key fingerprint or {@code null}
 * @param roles role tags
 * @param cloudInstanceId EC2 instance id or droplet id for the cloud firewall, or {@code null}
 */
public record ServerSpec(String name, String host, int port, String username, String environment,
		@Nullable UUID credentialId, Connection connection, HostKeyPolicy hostKeyPolicy,
		@Nullable String hostKeyFingerprint, List<String> roles, @Nullable String cloudInstanceId) {

	/** A server without a cloud instance id. */
	public ServerSpec(String name, String host, int port, String username, String environment,
			@Nullable UUID credentialId, Connection connection, HostKeyPolicy hostKeyPolicy,
			@Nullable String hostKeyFingerprint, List<String> roles) {
		this(name, host, port, username, environment, credentialId, connection, hostKeyPolicy, hostKeyFingerprint,
				roles, null);
	}

}
