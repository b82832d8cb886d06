package io.opsdeck.servermetrics.internal;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code opsdeck.server-metrics.*}: how Opsdeck reads the servers' node_exporter.
 *
 * @param enabled whether servers are scraped on a schedule at all (default true)
 * @param interval time between two scrapes of a server (default 60 s)
 * @param port node_exporter's port when the server has none of its own (default 9100, seed: Monitoring)
 * @param defaultEnabled whether servers without exporter settings of their own are scraped (default true); false:
 * only servers whose exporter was set with {@code PUT /api/v1/servers/{id}/metrics/exporter}
 * @param connectTimeout TCP connect timeout (default 2 s): a dead or firewalled exporter costs seconds, not minutes
 * @param requestTimeout limit for the whole answer (default 5 s)
 * @param parallelism servers scraped at the same time (default 4)
 * @param retention how long samples are kept (default 1 h, the sparkline's span)
 */
@ConfigurationProperties("opsdeck.server-metrics")
public record ServerMetricsProperties(@DefaultValue("true") boolean enabled, @DefaultValue("60s") Duration interval,
		@DefaultValue("9100") int port, @DefaultValue("true") boolean defaultEnabled, @DefaultValue("2s") Duration connectTimeout,
		@DefaultValue("5s") Duration requestTimeout, @DefaultValue("4") int parallelism,
		@DefaultValue("1h") Duration retention) {
}
