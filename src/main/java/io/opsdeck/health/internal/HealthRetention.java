package io.opsdeck.health.internal;

import java.time.Instant;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DataAccessException;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Deletes stored health results older than {@code opsdeck.health.retention} (90 days by default), hourly; each
 * server's newest result is kept whatever its age, so the grid never forgets a server that stopped being checked.
 */
@Component
class HealthRetention {

	private static final Logger log = LoggerFactory.getLogger(HealthRetention.class);

	private final HealthStore store;

	private final HealthProperties properties;

	HealthRetention(HealthStore store, HealthProperties properties) {
		this.store = store;
		this.properties = properties;
	}

	@Scheduled(initialDelayString = "PT5M", fixedDelayString = "PT1H")
	void hourly() {
		prune();
	}

	/** @return how many results were deleted */
	int prune() {
		try {
			int deleted = store.prune(Instant.now().minus(properties.retention()));
			if (deleted > 0) {
				log.info("Deleted {} health result(s) older than {}", deleted, properties.retention());
			}
			return deleted;
		}
		catch (DataAccessException ex) {
			log.warn("Health results not pruned: {}", ex.toString());
			return 0;
		}
	}

}
