package io.opsdeck.cloudfirewall.internal;

import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * New cloud firewall settings for an environment, shapes checked at the edge.
 *
 * @param groupName security group / firewall name; {@code null} or blank: {@code opsdeck-<environment>-web}
 * @param accessKeyId AWS access key id; required on AWS, must be empty on DigitalOcean
 * @param credentialId a {@code secret} credential: the AWS secret access key or the DigitalOcean API token
 * @param endpoint API endpoint override ({@code http(s)://host[:port]}), or {@code null}
 */
public record FirewallSettingsUpdate(@Nullable String groupName, @Nullable String accessKeyId,
		@Nullable UUID credentialId, @Nullable String endpoint) {
}
