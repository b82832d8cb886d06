package io.opsdeck.inventory.web;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import io.opsdeck.inventory.internal.ServerDetails;
import org.jspecify.annotations.Nullable;

/**
 * A server in the API, enums in their API spelling ({@code connection}: {@code ssh|local}, {@code hostKeyPolicy}:
 * {@code strict|trust-on-first-use}).
 *
 * @param id identifier
 * @param name inventory host name
 * @param host IPv4, IPv6 or DNS name
 * @param port SSH port
 * @param username SSH login user
 * @param environment environment name
 * @param credentialId SSH key it logs in with, or {@code null}
 * @param connection {@code ssh} or {@code local}
 * @param hostKeyPolicy {@code strict} or {@code trust-on-first-use}
 * @param hostKeyFingerprint trusted fingerprint or {@code null}
 * @param hostKey trusted host key ({@code <type> <base64>}) once Opsdeck has seen it, or {@code null}
 * @param roles role tags
 * @param createdAt creation time
 * @param updatedAt last change
 * @param cloudInstanceId EC2 instance id or DigitalOcean droplet id, or {@code null}
 * @param version its version, raised by every change (also a host key a run records); the {@code ETag}
 */
public record ServerView(UUID id, String name, String host, int port, String username, String environment,
		@Nullable UUID credentialId, String connection, String hostKeyPolicy, @Nullable String hostKeyFingerprint,
		@Nullable String hostKey, List<String> roles, Instant createdAt, Instant updatedAt,
		@Nullable String cloudInstanceId, long version) {

	static ServerView of(ServerDetails server) {
		return new ServerView(server.id(), server.name(), server.host(), server.port(), server.username(),
				server.environment(), server.credentialId(), server.connection().name().toLowerCase(Locale.ROOT),
				server.hostKeyPolicy().value(), server.hostKeyFingerprint(), server.hostKey(), server.roles(),
				server.createdAt(), server.updatedAt(), server.cloudInstanceId(), server.version());
	}

}
