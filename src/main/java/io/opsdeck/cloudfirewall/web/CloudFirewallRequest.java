package io.opsdeck.cloudfirewall.web;

import java.util.UUID;

import io.opsdeck.cloudfirewall.internal.FirewallRules;
import io.opsdeck.cloudfirewall.internal.FirewallSettingsDetails;
import io.opsdeck.cloudfirewall.internal.FirewallSettingsUpdate;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;

/**
 * Body of {@code PUT /api/v1/environments/{name}/cloud-firewall} and the settings form. AWS:
 * {@code {"groupName":"opsdeck-staging-web","accessKeyId":"AKIA...","credentialId":"<secret credential id>"}};
 * DigitalOcean: {@code {"credentialId":"<secret credential id holding the API token>"}}. The region is the
 * environment's.
 *
 * @param groupName security group / firewall name; empty: {@code opsdeck-<environment>-web}
 * @param accessKeyId AWS access key id (required on AWS, empty on DigitalOcean); not a secret
 * @param credentialId a credential of type {@code secret}: the AWS secret access key or the DigitalOcean API token
 * @param endpoint API endpoint override, {@code http(s)://host[:port]}; empty for the provider's public API (AWS:
 * the region's EC2 endpoint; DigitalOcean: {@code https://api.digitalocean.com})
 */
public record CloudFirewallRequest(
		@Nullable @Pattern(regexp = "^$|" + FirewallRules.GROUP_NAME,
				message = FirewallRules.GROUP_NAME_MESSAGE) String groupName,
		@Nullable @Pattern(regexp = "^$|" + FirewallRules.ACCESS_KEY_ID,
				message = "must be an AWS access key id: 16-128 upper-case letters and digits, such as AKIAIOSFODNN7EXAMPLE") String accessKeyId,
		@Nullable UUID credentialId,
		@Nullable @Size(max = 2048) @Pattern(regexp = "^$|" + FirewallRules.ENDPOINT,
				message = FirewallRules.ENDPOINT_MESSAGE) String endpoint) {

	FirewallSettingsUpdate toUpdate() {
		return new FirewallSettingsUpdate(groupName, accessKeyId, credentialId, endpoint);
	}

	static CloudFirewallRequest of(FirewallSettingsDetails details) {
		return new CloudFirewallRequest(details.groupName(), details.accessKeyId(), details.credentialId(),
				details.endpoint());
	}

}
