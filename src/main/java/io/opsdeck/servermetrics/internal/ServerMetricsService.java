package io.opsdeck.servermetrics.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.opsdeck.inventory.Inventory;
import io.opsdeck.inventory.ServerTarget;
import io.opsdeck.servermetrics.ServerMetricsView;
import io.opsdeck.shared.ConflictException;
import io.opsdeck.shared.InvalidInputException;
import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Service;

/**
 * A server's readings for the API and the server page, reading it now on request, and its exporter settings.
 */
@Service
public class ServerMetricsService {

	private final Inventory inventory;

	private final SampleStore store;

	private final ServerMetricsScraper scraper;

	private final ServerMetricsProperties properties;

	ServerMetricsService(Inventory inventory, SampleStore store, ServerMetricsScraper scraper,
			ServerMetricsProperties properties) {
		this.inventory = inventory;
		this.store = store;
		this.scraper = scraper;
		this.properties = properties;
	}

	/**
	 * @param serverId server id
	 * @return the last hour of readings
	 * @throws io.opsdeck.shared.NotFoundException when the server does not exist
	 */
	public ServerMetricsView view(UUID serverId) {
		ServerTarget server = server(serverId);
		SampleStore.Exporter exporter = exporter(serverId);
		List<SampleStore.Sample> samples = store.since(serverId, Instant.now().minus(properties.retention()));
		List<ServerMetricsView.Point> history = samples.stream().filter(SampleStore.Sample::reachable)
			.map(ServerMetricsService::point).toList();
		SampleStore.Sample last = samples.isEmpty() ? null : samples.get(samples.size() - 1);
		String status = (last == null) ? "NO_DATA" : last.reachable() ? "OK"
				: (last.error() != null && last.error().startsWith(ServerMetricsScraper.NOT_EXPORTER)) ? "NOT_EXPORTER"
						: "UNREACHABLE";
		return new ServerMetricsView(serverId, server.name(), exporter.port(), exporter.enabled(), status,
				(last != null) ? last.error() : null, (last != null) ? last.sampledAt() : null,
				history.isEmpty() ? null : history.get(history.size() - 1), history);
	}

	/**
	 * Reads the server's exporter now and stores the reading, unless a reading younger than half the interval exists
	 * (stored by a round, another node or an earlier refresh): then that one is answered, so repeated clicks do not
	 * fill the history with near-duplicates.
	 * @param serverId server id
	 * @return the readings afterwards
	 * @throws io.opsdeck.shared.NotFoundException when the server does not exist
	 * @throws ConflictException when Opsdeck does not read this server's exporter (disabled)
	 */
	public ServerMetricsView refresh(UUID serverId) {
		ServerTarget server = server(serverId);
		if (!exporter(serverId).enabled()) {
			throw new ConflictException("Opsdeck does not read this server's node_exporter (disabled): enable it with"
					+ " PUT /api/v1/servers/" + serverId + "/metrics/exporter first");
		}
		Duration fresh = properties.interval().dividedBy(2);
		if (!store.hasSampleYoungerThan(serverId, fresh)) {
			scraper.scrape(server, fresh);
		}
		return view(serverId);
	}

	/**
	 * Sets where the server's node_exporter listens, or that it has none.
	 * @param serverId server id
	 * @param port 1 to 65535; null: {@code opsdeck.server-metrics.port}
	 * @param enabled false: never read it
	 * @return the readings
	 * @throws io.opsdeck.shared.NotFoundException when the server does not exist
	 * @throws InvalidInputException (field {@code port}) when out of range
	 */
	public ServerMetricsView setExporter(UUID serverId, @Nullable Integer port, boolean enabled) {
		server(serverId);
		if (port != null && (port < 1 || port > 65535)) {
			throw new InvalidInputException("port", "must be between 1 and 65535");
		}
		store.saveExporter(serverId, new SampleStore.Exporter((port != null) ? port : properties.port(), enabled));
		return view(serverId);
	}

	private SampleStore.Exporter exporter(UUID serverId) {
		return store.exporter(serverId)
			.orElse(new SampleStore.Exporter(properties.port(), properties.defaultEnabled()));
	}

	private ServerTarget server(UUID serverId) {
		return inventory.servers(List.of(serverId)).get(0);
	}

	private static ServerMetricsView.Point point(SampleStore.Sample sample) {
		return new ServerMetricsView.Point(sample.sampledAt(), known(sample.cpuPercent()), known(sample.memoryPercent()),
				known(sample.diskPercent()), known(sample.load1()));
	}

	/** NaN, infinite or negative (stored before they were filtered) is unknown: null in the JSON, never a string. */
	private static @Nullable Double known(@Nullable Double value) {
		return (value == null || !Double.isFinite(value) || value < 0) ? null : value;
	}

}
