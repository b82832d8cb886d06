package io.opsdeck.system;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The {@code database} component of {@code /actuator/health}: {@code UP} while PostgreSQL answers, {@link #DEGRADED}
 * while it does not (a restart, an outage). Degraded, not down: the node keeps running what it runs, keeps their
 * output in memory (up to 3 MiB per run, then the run's process waits) and stores it when the database is back; it
 * cannot start, cancel or show anything stored meanwhile. {@code DEGRADED} answers HTTP 503 (application.yml), on
 * {@code /actuator/health} and on {@code /actuator/health/readiness}, so a load balancer or monitor sees it;
 * {@code /actuator/health/liveness} stays 200, so an orchestrator does not restart the node and kill its runs.
 * <p>
 * The check never blocks a health request: a background probe asks {@code select 1} every
 * {@value #PROBE_INTERVAL_MILLIS} ms; a probe still waiting after {@value #SLOW_MILLIS} ms (a connection attempt waits
 * up to Hikari's {@code connection-timeout}) counts as a database that does not answer. Boot's own {@code db}
 * indicator, which blocks for that long, is switched off.
 */
@Component
class DatabaseHealthIndicator implements HealthIndicator, DisposableBean {

	/** Status of a node whose database does not answer; see the class comment. */
	static final Status DEGRADED = new Status("DEGRADED", "PostgreSQL does not answer; runs go on, output waits in memory");

	static final long PROBE_INTERVAL_MILLIS = 2000;

	static final long SLOW_MILLIS = 3000;

	private static final Logger log = LoggerFactory.getLogger(DatabaseHealthIndicator.class);

	private final JdbcTemplate jdbc;

	private final ScheduledExecutorService prober = Executors.newSingleThreadScheduledExecutor(runnable -> {
		Thread thread = new Thread(runnable, "opsdeck-db-probe");
		thread.setDaemon(true);
		return thread;
	});

	/** When the running probe started, or {@code null} between probes. */
	private volatile @Nullable Instant probing;

	/** When the database stopped answering, or {@code null} while it answers. */
	private volatile @Nullable Instant failingSince;

	private volatile @Nullable String error;

	DatabaseHealthIndicator(DataSource dataSource) {
		this.jdbc = new JdbcTemplate(dataSource);
		this.jdbc.setQueryTimeout((int) (SLOW_MILLIS / 1000));
		probe();
		prober.scheduleWithFixedDelay(this::probe, PROBE_INTERVAL_MILLIS, PROBE_INTERVAL_MILLIS, TimeUnit.MILLISECONDS);
	}

	private void probe() {
		probing = Instant.now();
		try {
			jdbc.queryForObject("select 1", Integer.class);
			if (failingSince != null) {
				log.info("PostgreSQL answers again after {} s", Duration.between(failingSince, Instant.now()).toSeconds());
			}
			failingSince = null;
			error = null;
		}
		catch (RuntimeException ex) {
			if (failingSince == null) {
				failingSince = probing;
				log.warn("PostgreSQL does not answer; health is DEGRADED until it does: {}", ex.getMessage());
			}
			error = ex.getClass().getSimpleName() + ": " + ex.getMessage();
		}
		finally {
			probing = null;
		}
	}

	@Override
	public Health health() {
		Instant started = probing;
		Instant since = failingSince;
		if (since == null && started != null && Duration.between(started, Instant.now()).toMillis() > SLOW_MILLIS) {
			return Health.status(DEGRADED).withDetail("since", started).withDetail("error", "no answer within "
					+ SLOW_MILLIS + " ms").build();
		}
		if (since != null) {
			return Health.status(DEGRADED).withDetail("since", since).withDetail("error", String.valueOf(error)).build();
		}
		return Health.up().build();
	}

	@Override
	public void destroy() {
		prober.shutdownNow();
	}

}
