package io.opsdeck.cloudfirewall.internal;

import java.net.URI;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * Everything a driver needs for one environment: where, with which key, and which instances to attach.
 * {@link #toString()} never prints the secret.
 *
 * @param environment environment name
 * @param provider {@code aws} or {@code digitalocean}
 * @param region the environment's region
 * @param groupName security group / firewall name
 * @param accessKeyId AWS access key id; {@code null} on DigitalOcean
 * @param secret AWS secret access key or DigitalOcean API token, read from the credential store for this call
 * @param endpoint API endpoint override, or {@code null} for the provider's own
 * @param instances servers with a cloud instance id, ordered by name
 * @param notes servers left alone and why
 */
record FirewallTarget(String environment, String provider, String region, String groupName,
		@Nullable String accessKeyId, String secret, @Nullable URI endpoint, List<Instance> instances,
		List<String> notes) {

	/**
	 * @param server server name in Opsdeck
	 * @param instanceId EC2 instance id or droplet id
	 */
	record Instance(String server, String instanceId) {
	}

	@Override
	public String toString() {
		return "FirewallTarget[environment=" + environment + ", provider=" + provider + ", region=" + region
				+ ", groupName=" + groupName + ", accessKeyId=" + accessKeyId + ", secret=(hidden), endpoint="
				+ endpoint + ", instances=" + instances + "]";
	}

}
