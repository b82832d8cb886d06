package io.opsdeck.identity.internal;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Announces that a user's roles, enabled flag or tokens changed, so that every node's {@link IdentityCache} drops
 * what it holds for them: {@code pg_notify} on {@value #CHANNEL} in the caller's transaction (PostgreSQL delivers
 * it to every listening node when, and only if, the transaction commits), and this node's entries dropped right
 * after the commit, before the change's response is sent.
 */
@Component
class IdentityChanges {

	/** The {@code LISTEN}/{@code NOTIFY} channel; the payload is a user name, or {@value #EVERYONE}. */
	static final String CHANNEL = "opsdeck_identity";

	/** The payload that drops every entry. */
	static final String EVERYONE = "*";

	private final JdbcClient jdbc;

	private final IdentityCache cache;

	IdentityChanges(JdbcClient jdbc, IdentityCache cache) {
		this.jdbc = jdbc;
		this.cache = cache;
	}

	/**
	 * Call inside the transaction that makes the change (without one, the notice is sent and this node's entries
	 * dropped at once).
	 *
	 * @param username whose roles, enabled flag, grants or tokens changed
	 */
	void changed(String username) {
		jdbc.sql("select pg_notify(?, ?)").params(CHANNEL, username).query((rs, n) -> 1).list();
		cache.invalidate(username);
		if (TransactionSynchronizationManager.isSynchronizationActive()) {
			TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
				@Override
				public void afterCompletion(int status) {
					cache.invalidate(username);
				}
			});
		}
	}

}
