package io.opsdeck.inventory.internal;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.opsdeck.inventory.Connection;
import io.opsdeck.inventory.HostKeyPolicy;
import org.jspecify.annotations.Nullable;

/**
 * A server with what the pages and the API show about it.
 *
 * @param id identifier
 * @param name inventory host name
 * @param host IPv4, IPv6 or DNS name
 * @param port SSH port
 * @param username SSH login user
 * @param environment environment name
 * @param credentialId SSH key it logs in with, or {@code null}
 * @param connection how it is reached
 * @param hostKeyPolicy host key checking
 * @param hostKeyFingerprint trusted fingerprint or {@code null}
 * @param hostKey trusted host key ({@code <type> <base64>}) once seen, or {@code null}
 * @param roles role tags
 * @param createdAt creation time
 * @param updatedAt last change
 * @param cloudInstanceId EC2 instance id or droplet id, or {@code null}
 * @param version its version, raised by every change, also a host key a run records (the API's {@code ETag})
 */
public record ServerDetails(UUID id, String name, String host, int port, String username, String environment,
		@Nullable UUID credentialId, Connection connection, HostKeyPolicy hostKeyPolicy,
		@Nullable String hostKeyFingerprint, @Nullable String hostKey, List<String> roles, Instant createdAt,
		Instant updatedAt, @Nullable String cloudInstanceId, long version) {

	/** A server without a cloud instance id, at version 0. */
	public ServerDetails(UUID id, String name, String host, int port, String username, String environment,
			@Nullable UUID credentialId, Connection connection, HostKeyPolicy hostKeyPolicy,
			@Nullable String hostKeyFingerprint, @Nullable String hostKey, List<String> roles, Instant createdAt,
			Instant updatedAt) {
		this(id, name, host, port, username, environment, credentialId, connection, hostKeyPolicy,
				hostKeyFingerprint, hostKey, roles, createdAt, updatedAt, null, 0);
	}

}
