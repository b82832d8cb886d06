package io.opsdeck.audit.internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Deletes audit entries older than {@code opsdeck.audit.retention-days} (issue 7: "retained by policy"), daily at
 * {@code opsdeck.audit.purge-cron} (UTC). Every node runs it; a PostgreSQL advisory lock held for the transaction
 * lets one node purge while another that comes at the same time skips. The delete goes through the database
 * function {@code audit_purge}, the only way past the append-only trigger ({@code V20__audit.sql}).
 */
@Component
public class AuditPurge {

	private static final Logger log = LoggerFactory.getLogger(AuditPurge.class);

	/** Advisory lock key: "audit" in ASCII. */
	private static final long LOCK = 0x6175646974L;

	private final JdbcTemplate jdbc;

	private final TransactionTemplate transactions;

	private final AuditProperties properties;

	AuditPurge(JdbcTemplate jdbc, PlatformTransactionManager transactionManager, AuditProperties properties) {
		this.jdbc = jdbc;
		this.transactions = new TransactionTemplate(transactionManager);
		this.properties = properties;
	}

	@Scheduled(cron = "${opsdeck.audit.purge-cron:0 30 3 * * *}", zone = "UTC")
	void daily() {
		try {
			purge();
		}
		catch (RuntimeException ex) {
			log.warn("Audit purge failed: {}", ex.getMessage());
		}
	}

	/**
	 * Deletes the entries older than the retention, unless another node is purging right now.
	 * @return entries deleted; 0 when another node holds the lock
	 */
	public long purge() {
		Long removed = transactions.execute(status -> {
			Boolean locked = jdbc.queryForObject("select pg_try_advisory_xact_lock(?)", Boolean.class, LOCK);
			if (!Boolean.TRUE.equals(locked)) {
				return 0L;
			}
			return jdbc.queryForObject("select audit_purge(?)", Long.class, properties.retentionDays());
		});
		long count = (removed != null) ? removed : 0;
		if (count > 0) {
			log.info("Audit purge: {} entries older than {} days deleted", count, properties.retentionDays());
		}
		return count;
	}

}
