package io.opsdeck.backups.internal;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.opsdeck.backups.BackupSummary;
import io.opsdeck.backups.Backups;
import io.opsdeck.inventory.EnvironmentSummary;
import io.opsdeck.inventory.Inventory;
import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * {@code opsdeck_backup_newest_age_seconds{environment}}: seconds since the environment's newest backup was taken
 * (its folder timestamp), for the "newest backup older than 26 h" alert (seed: daily backups; weekly checklist
 * "verify completion"). The storage is listed through {@link Backups} in the background every
 * {@code opsdeck.backups.metrics-refresh} (default 5 minutes), never at scrape time; the age itself is computed at
 * each scrape, so it keeps growing between listings and while the storage cannot be reached. Only environments with
 * backup storage have a series; one without any backup reports {@code +Inf}, so the alert fires for it too.
 */
@Component
class BackupMetrics {

	private static final Logger log = LoggerFactory.getLogger(BackupMetrics.class);

	/** A listing that found no backup at all. */
	private static final Instant NO_BACKUP = Instant.MIN;

	private final Backups backups;

	private final Inventory inventory;

	private final MultiGauge newestAge;

	/** The newest backup's timestamp per environment, as last listed. */
	private final Map<String, Instant> newest = new ConcurrentHashMap<>();

	private final AtomicBoolean refreshing = new AtomicBoolean();

	private final ExecutorService worker = Executors.newSingleThreadExecutor(task -> {
		Thread thread = new Thread(task, "backup-metrics");
		thread.setDaemon(true);
		return thread;
	});

	BackupMetrics(Backups backups, Inventory inventory, MeterRegistry meters) {
		this.backups = backups;
		this.inventory = inventory;
		this.newestAge = MultiGauge.builder("opsdeck.backup.newest.age")
			.baseUnit("seconds")
			.description("Seconds since the environment's newest backup was taken (+Inf: no backup at all)")
			.register(meters);
	}

	/** Lists every configured environment's storage again, in the background (one listing at a time). */
	@Scheduled(initialDelay = 0, fixedDelayString = "${opsdeck.backups.metrics-refresh:5m}")
	void refresh() {
		if (!refreshing.compareAndSet(false, true)) {
			return;
		}
		try {
			worker.execute(() -> {
				try {
					relist();
				}
				finally {
					refreshing.set(false);
				}
			});
		}
		catch (RejectedExecutionException ex) {
			refreshing.set(false);
		}
	}

	/** Lists now, on the caller's thread. */
	void relist() {
		List<String> configured;
		try {
			configured = inventory.environments().stream().map(EnvironmentSummary::name)
				.filter(backups::configured).toList();
		}
		catch (RuntimeException ex) {
			log.debug("Backup age gauges not refreshed: {}", ex.toString());
			return;
		}
		newest.keySet().retainAll(configured);
		for (String environment : configured) {
			try {
				Optional<Instant> taken = Optional.ofNullable(BackupSummary.newest(backups.list(environment), Instant.now()))
					.map(BackupSummary::takenAt);
				newest.put(environment, taken.orElse(NO_BACKUP));
			}
			catch (RuntimeException ex) {
				// unreachable storage: the last known timestamp stays, so the age keeps growing
				log.debug("Backups of {} not listed for the age gauge: {}", environment, ex.toString());
			}
		}
		newestAge.register(newest.keySet().stream()
			.map(environment -> MultiGauge.Row.of(Tags.of("environment", environment), this, metrics -> metrics.age(environment)))
			.toList(), true);
	}

	private double age(String environment) {
		Instant taken = newest.get(environment);
		if (taken == null || taken.equals(NO_BACKUP)) {
			return Double.POSITIVE_INFINITY;
		}
		return Math.max(0, Instant.now().getEpochSecond() - taken.getEpochSecond());
	}

	@PreDestroy
	void stop() {
		worker.shutdownNow();
	}

}
