package io.opsdeck.provisioning.internal;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code opsdeck.provisioning.*}.
 *
 * @param playbook the provision playbook, relative to the playbook directory (default {@code provision.yml})
 * @param timeout limit for one provision run (default 60 minutes: Docker and Caddy packages, a Django build)
 */
@ConfigurationProperties("opsdeck.provisioning")
record ProvisioningProperties(@DefaultValue("provision.yml") String playbook, @DefaultValue("60m") Duration timeout) {
}
