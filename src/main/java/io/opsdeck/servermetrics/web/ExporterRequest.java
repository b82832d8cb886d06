package io.opsdeck.servermetrics.web;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.jspecify.annotations.Nullable;

/**
 * Where a server's node_exporter listens.
 *
 * @param port 1 to 65535; omitted: {@code opsdeck.server-metrics.port} (default 9100)
 * @param enabled false: Opsdeck never reads this server's exporter; omitted: true
 */
record ExporterRequest(@Nullable @Min(1) @Max(65535) Integer port, @Nullable Boolean enabled) {
}
