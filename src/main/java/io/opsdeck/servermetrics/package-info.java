/**
 * Server metrics from each server's node_exporter (seed: Monitoring, node_exporter on port 9100): every minute
 * Opsdeck reads {@code http://<host>:9100/metrics} of every server, keeps CPU use, memory use, root disk use and
 * load average for the last hour (table {@code server_metric_samples}), and the server page shows the current values
 * with a sparkline. A server whose exporter does not answer is shown as such; nothing else depends on it. The
 * exporter port can be set per server ({@code PUT /api/v1/servers/{id}/metrics/exporter}), else
 * {@code opsdeck.server-metrics.port}. User guide: {@code docs/monitoring.md}.
 */
@org.jspecify.annotations.NullMarked
package io.opsdeck.servermetrics;
