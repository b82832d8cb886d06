package io.opsdeck.servermetrics.internal;

import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

import io.opsdeck.inventory.Inventory;
import io.opsdeck.inventory.ServerTarget;
import jakarta.annotation.PreDestroy;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DataAccessException;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Reads every server's node_exporter every {@code opsdeck.server-metrics.interval} (default 60 s) on a pool of
 * {@code parallelism} threads of its own (never on the scheduler's thread), stores what it read (or that the
 * exporter did not answer) and deletes samples older than the retention (1 h). A round that is still running when
 * the next is due is not overlapped for that server; every read has a hard deadline ({@code request-timeout}), so a
 * stalled exporter never holds up the other servers.
 */
@Component
class ServerMetricsScraper {

	private static final Logger log = LoggerFactory.getLogger(ServerMetricsScraper.class);

	/** How the error of an answer that is not node_exporter's starts (status {@code NOT_EXPORTER}). */
	static final String NOT_EXPORTER = "not a node_exporter";

	private final Inventory inventory;

	private final SampleStore store;

	private final ExporterClient client;

	private final ServerMetricsProperties properties;

	private final ExecutorService pool;

	/** Servers whose read is queued or under way. */
	private final Set<UUID> inFlight = ConcurrentHashMap.newKeySet();

	ServerMetricsScraper(Inventory inventory, SampleStore store, ExporterClient client,
			ServerMetricsProperties properties) {
		this.inventory = inventory;
		this.store = store;
		this.client = client;
		this.properties = properties;
		AtomicInteger threads = new AtomicInteger();
		this.pool = Executors.newFixedThreadPool(Math.max(1, properties.parallelism()), task -> {
			Thread thread = new Thread(task, "server-metrics-" + threads.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		});
	}

	/**
	 * One round over every server, in the background. Each server is read on its own: a server whose previous read
	 * is still under way (at most {@code request-timeout} after it started) is skipped this round, the others are not.
	 */
	@Scheduled(initialDelayString = "${opsdeck.server-metrics.interval:60s}",
			fixedDelayString = "${opsdeck.server-metrics.interval:60s}")
	void round() {
		if (!properties.enabled()) {
			return;
		}
		try {
			Map<UUID, SampleStore.Exporter> own = store.exporters();
			SampleStore.Exporter fallback = new SampleStore.Exporter(properties.port(), properties.defaultEnabled());
			List<ServerTarget> servers = inventory.allServers().stream()
				.filter(server -> own.getOrDefault(server.id(), fallback).enabled())
				.toList();
			Duration fresh = properties.interval().dividedBy(2);
			for (ServerTarget server : servers) {
				if (!inFlight.add(server.id())) {
					continue;
				}
				try {
					pool.execute(() -> {
						try {
							if (!store.hasSampleYoungerThan(server.id(), fresh)) {
								scrape(server, fresh);
							}
						}
						catch (RuntimeException ex) {
							log.debug("Server metrics of {} not stored: {}", server.name(), ex.toString());
						}
						finally {
							inFlight.remove(server.id());
						}
					});
				}
				catch (RejectedExecutionException ex) {
					inFlight.remove(server.id());
					throw ex;
				}
			}
			store.prune(Instant.now().minus(properties.retention()));
		}
		catch (DataAccessException | RejectedExecutionException ex) {
			log.debug("Server metrics round skipped: {}", ex.toString());
		}
	}

	/**
	 * Reads one server's exporter now and stores the reading.
	 * @param server the server
	 * @param unlessYoungerThan skip storing when a sample this recent exists (null: store anyway)
	 * @return whether the exporter answered; false also when the server's exporter is disabled (then nothing is
	 * stored)
	 */
	boolean scrape(ServerTarget server, @Nullable Duration unlessYoungerThan) {
		SampleStore.Exporter exporter = store.exporter(server.id())
			.orElse(new SampleStore.Exporter(properties.port(), properties.defaultEnabled()));
		if (!exporter.enabled()) {
			return false;
		}
		try {
			NodeReading reading = NodeReading.of(ExpositionText.parse(client.fetch(server.host(), exporter.port())));
			if (reading.isEmpty()) {
				store.store(server.id(), null, NOT_EXPORTER + ": port " + exporter.port()
						+ " answered without any of node_cpu_seconds_total, node_memory_*, node_filesystem_*, node_load1",
						unlessYoungerThan);
				return false;
			}
			store.store(server.id(), reading, null, unlessYoungerThan);
			return true;
		}
		catch (IOException ex) {
			store.store(server.id(), null, describe(ex, exporter.port()), unlessYoungerThan);
			return false;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	private static String describe(IOException ex, int port) {
		if (ex instanceof HttpConnectTimeoutException || ex instanceof ConnectException
				|| ex.getCause() instanceof ConnectException) {
			return "node_exporter not reachable on port " + port;
		}
		if (ex instanceof HttpTimeoutException) {
			return "node_exporter on port " + port + " did not answer in time";
		}
		return (ex.getMessage() != null) ? ex.getMessage() : ex.getClass().getSimpleName();
	}

	@PreDestroy
	void stop() {
		pool.shutdownNow();
	}

}
