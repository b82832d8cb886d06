package io.opsdeck.cloudfirewall.internal;

import java.net.URI;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code opsdeck.cloud-firewall.*}: how Opsdeck talks to the cloud APIs.
 *
 * @param connectTimeout TCP connect timeout (default 5 s): a dead endpoint fails in seconds
 * @param readTimeout socket read timeout (default 30 s)
 * @param digitaloceanEndpoint DigitalOcean API base (default {@code https://api.digitalocean.com}); a setting's
 * endpoint override wins
 */
@ConfigurationProperties("opsdeck.cloud-firewall")
public record CloudFirewallProperties(@DefaultValue("5s") Duration connectTimeout,
		@DefaultValue("30s") Duration readTimeout,
		@DefaultValue("https://api.digitalocean.com") URI digitaloceanEndpoint) {
}
