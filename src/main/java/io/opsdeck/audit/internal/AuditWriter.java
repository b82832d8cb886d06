package io.opsdeck.audit.internal;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Writes audit entries: one {@code INSERT} each, synchronously, committed by itself: auto-committed when the thread
 * has no transaction (the request filter), else in a new transaction (an entry written while a caller's transaction
 * is open, or in its after-commit phase). Writing never fails the
 * caller: an error is logged without the entry's text and counted in {@code opsdeck_audit_write_failures_total}.
 * The time each write takes is {@code opsdeck_audit_write_seconds}.
 * <p>
 * Synchronous rather than queued: an INSERT costs well under a millisecond next to the request that caused it
 * (docs/audit.md, "Performance"), and a queue would lose its entries when the node is killed (issue 7: "lose nothing
 * when a node dies").
 */
@Component
public class AuditWriter {

	private static final Logger log = LoggerFactory.getLogger(AuditWriter.class);

	private static final String INSERT = "insert into audit_events (occurred_at, actor, actor_role, address, action, "
			+ "target, environment, outcome, status, detail, node) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

	private final JdbcTemplate jdbc;

	private final TransactionTemplate transactions;

	private final Counter failures;

	private final Timer writes;

	private final String node;

	AuditWriter(JdbcTemplate jdbc, PlatformTransactionManager transactionManager, MeterRegistry meters,
			@Value("${opsdeck.runs.node-id:}") String nodeId) {
		this.jdbc = jdbc;
		this.transactions = new TransactionTemplate(transactionManager);
		this.transactions.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
		this.failures = Counter.builder("opsdeck.audit.write.failures")
			.description("Audit entries that could not be written")
			.register(meters);
		this.writes = Timer.builder("opsdeck.audit.write").description("Time to write one audit entry").register(meters);
		this.node = clip(nodeId.isBlank() ? hostName() : nodeId, 200);
	}

	/**
	 * Writes one entry; never throws.
	 * @param entry the entry
	 * @return whether it was written
	 */
	public boolean write(AuditEntry entry) {
		long start = System.nanoTime();
		try {
			Object[] values = { OffsetDateTime.ofInstant(entry.occurredAt(), ZoneOffset.UTC), clip(entry.actor(), 200),
					clip(entry.actorRole(), 16), clip(entry.address(), 64), clip(entry.action(), 300),
					clip(entry.target(), 1000), clip(entry.environment(), 100), entry.outcome().name(), entry.status(),
					clip(entry.detail(), 1000), node };
			if (TransactionSynchronizationManager.isSynchronizationActive()) {
				// inside (or just after the commit of) a caller's transaction: commit the entry by itself
				transactions.executeWithoutResult(status -> jdbc.update(INSERT, values));
			}
			else {
				// no transaction on this thread (the request filter): one auto-committed statement, one round trip
				jdbc.update(INSERT, values);
			}
			return true;
		}
		catch (RuntimeException ex) {
			failures.increment();
			// the entry's text stays out of the log; the SQL state says enough (e.g. 08006: connection lost)
			log.warn("Could not write an audit entry ({}, {}): {}{}", clip(entry.action(), 80), entry.outcome(),
					ex.getClass().getSimpleName(), sqlState(ex));
			return false;
		}
		finally {
			writes.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
		}
	}

	/** @return this node's name as written in {@code audit_events.node} */
	public String node() {
		return node;
	}

	/** Cuts a text to {@code max} characters and replaces control characters (line breaks, NUL) by spaces. */
	static @Nullable String clip(@Nullable String text, int max) {
		if (text == null) {
			return null;
		}
		StringBuilder clean = new StringBuilder(Math.min(text.length(), max));
		for (int i = 0; i < text.length() && clean.length() < max; i++) {
			char c = text.charAt(i);
			clean.append(Character.isISOControl(c) ? ' ' : c);
		}
		if (clean.length() == max && text.length() > max) {
			clean.setCharAt(max - 1, '…');
		}
		return clean.toString();
	}

	private static String sqlState(Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof SQLException sql && sql.getSQLState() != null) {
				return " (SQL state " + sql.getSQLState() + ")";
			}
		}
		return "";
	}

	private static String hostName() {
		try {
			return InetAddress.getLocalHost().getHostName();
		}
		catch (UnknownHostException ex) {
			return "opsdeck";
		}
	}

}
