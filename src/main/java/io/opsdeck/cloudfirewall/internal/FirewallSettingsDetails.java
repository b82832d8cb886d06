package io.opsdeck.cloudfirewall.internal;

import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * An environment's cloud firewall settings as pages and the API show them: references only, no secret.
 *
 * @param environment environment name
 * @param provider the environment's cloud, {@code aws} or {@code digitalocean}
 * @param region the environment's region
 * @param groupName security group / firewall name
 * @param accessKeyId AWS access key id, {@code null} on DigitalOcean
 * @param credentialId the {@code secret} credential: AWS secret access key or DigitalOcean API token
 * @param endpoint API endpoint override, or {@code null} for the provider's public endpoint
 * @param updatedAt last change
 * @param version raised by every save (the API's {@code ETag}; send it back in {@code If-Match})
 */
public record FirewallSettingsDetails(String environment, String provider, String region, String groupName,
		@Nullable String accessKeyId, UUID credentialId, @Nullable String endpoint, Instant updatedAt,
		long version) {
}
