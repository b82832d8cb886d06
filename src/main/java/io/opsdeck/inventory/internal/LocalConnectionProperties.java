package io.opsdeck.inventory.internal;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The local connection: servers that are the Opsdeck host itself.
 *
 * @param enabled {@code opsdeck.local-connection.enabled} (env {@code OPSDECK_LOCAL_CONNECTION_ENABLED}), default
 * {@code true}. When {@code false}, no server can be created or changed to {@code connection: local}, the demo
 * environment is not created, and the run engine must refuse local targets.
 */
@ConfigurationProperties("opsdeck.local-connection")
public record LocalConnectionProperties(@DefaultValue("true") boolean enabled) {
}
