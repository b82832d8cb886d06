package io.opsdeck.backups.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
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
import io.opsdeck.shared.RefreshedWhenReady;
import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * {@code opsdeck_backup_newest_age_seconds{environment}}: seconds since the environment's newest usable backup was
 * taken (its folder timestamp), for the "newest backup older than 26 h" alert (seed: daily backups; weekly checklist
 * "verify completion"). Usable means what the backups module calls {@link BackupSummary#verified() verified}: the
 * manifest is present and parses and every object it lists exists with its size; a newer backup without a usable
 * manifest (a broken or half-written one) does not reset the age. A backup whose timestamp is more than 5 minutes in
 * the future is ignored (it would otherwise read as age 0 for good). The storage is listed through {@link Backups}
 * in the background every {@code opsdeck.backups.metrics-refresh} (default 5 minutes), never at scrape time; the age
 * itself is computed at each scrape, so it keeps growing between listings and while the storage cannot be reached.
 * Every environment with backup storage has a series: {@code +Inf} when it has no usable backup, and also when its
 * storage has not been listed successfully since Opsdeck started (unreachable), so the alert fires for them too.
 */
@Component
class BackupMetrics implements RefreshedWhenReady {

	private static final Logger log = LoggerFactory.getLogger(BackupMetrics.class);

	/** No usable backup found, or the storage has not been listed successfully since start. */
	private static final Instant NO_BACKUP = Instant.MIN;

	/** A backup whose timestamp is further in the future than this is ignored (a wrong clock or a bad name). */
	static final Duration FUTURE_TOLERANCE = Duration.ofMinutes(5);

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
			.description("Seconds since the environment's newest verified backup was taken (+Inf: none, or the"
					+ " storage was never listed since start)")
			.register(meters);
	}

	/** Lists every configured environment's storage again, in the background (one listing at a time). */
	@Scheduled(initialDelayString = "${opsdeck.backups.metrics-refresh:5m}",
			fixedDelayString = "${opsdeck.backups.metrics-refresh:5m}")
	@Override
	public void refresh() {
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
	// synchronized: a refresh that read the database before a change must not register its rows after a later one
	synchronized void relist() {
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
		Instant latestAcceptable = Instant.now().plus(FUTURE_TOLERANCE);
		for (String environment : configured) {
			// configured but never listed since start (storage unreachable): +Inf until a listing works
			newest.putIfAbsent(environment, NO_BACKUP);
			try {
				Optional<Instant> taken = backups.list(environment).stream()
					.filter(BackupSummary::verified)
					.map(BackupSummary::takenAt)
					.filter(at -> !at.isAfter(latestAcceptable))
					.max(Comparator.naturalOrder());
				newest.put(environment, taken.orElse(NO_BACKUP));
			}
			catch (RuntimeException ex) {
				// unreachable storage: the last known timestamp stays, so the age keeps growing
				log.debug("Backups of {} not listed for the age gauge: {}", environment, ex.toString());
			}
		}
		newestAge.register(newest.keySet().stream()
			.map(environment -> MultiGauge.Row.of(Tags.of("environment", environment), this, metrics -> metrics.age(environment)))
			.toList(), false); // false: age() reads at each scrape; re-adding a kept row races a scrape (see GaugeRows)
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
