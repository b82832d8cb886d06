package io.opsdeck.servermetrics;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * A server's node_exporter readings of the last hour ({@code GET /api/v1/servers/{id}/metrics}).
 *
 * @param serverId server id
 * @param server server name
 * @param exporterPort the port Opsdeck reads node_exporter on (the server's own, else
 * {@code opsdeck.server-metrics.port}, default 9100)
 * @param enabled whether Opsdeck reads this server's exporter at all
 * @param status {@code OK} (the last read worked), {@code UNREACHABLE} (it did not: see {@code error}),
 * {@code NOT_EXPORTER} (the port answered HTTP 200 without any node_exporter metric Opsdeck reads) or {@code NO_DATA}
 * (never read in the last hour)
 * @param error why the last read failed, e.g. {@code node_exporter not reachable on port 9100}; null when it worked
 * @param checkedAt when the exporter was last read, or null
 * @param current the last successful reading (null when there is none in the last hour); when {@code status} is
 * {@code UNREACHABLE} it is older than {@code checkedAt}
 * @param history every successful reading of the last hour, oldest first
 */
public record ServerMetricsView(UUID serverId, String server, int exporterPort, boolean enabled, String status,
		@Nullable String error, @Nullable Instant checkedAt, @Nullable Point current, List<Point> history) {

	public ServerMetricsView {
		history = List.copyOf(history);
	}

	/**
	 * One reading; a value the exporter did not provide is null.
	 *
	 * @param at when it was read
	 * @param cpuPercent CPU use of all CPUs together since the previous reading, percent (null for the first reading
	 * after a gap or reboot)
	 * @param memoryPercent memory in use (total minus available), percent
	 * @param diskPercent use of the file system mounted at {@code /}, percent, as {@code df} shows it
	 * @param load1 1-minute load average
	 */
	public record Point(Instant at, @Nullable Double cpuPercent, @Nullable Double memoryPercent,
			@Nullable Double diskPercent, @Nullable Double load1) {
	}

}
