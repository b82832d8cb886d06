package io.opsdeck.identity.internal;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import org.jspecify.annotations.Nullable;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Listens on {@value IdentityChanges#CHANNEL} on a connection of its own (outside the pool) and drops the
 * {@link IdentityCache} entries of every user another node (or this one) announces as changed, so a change made on
 * any node takes effect on every node as soon as PostgreSQL delivers the notice. The cache serves entries only
 * while this listener is connected; when the connection fails it is bypassed until the listener has reconnected
 * (retried every {@link #RETRY}), and the notices missed in between do not matter since everything cached was
 * dropped.
 */
@Component
class IdentityChangeListener implements SmartLifecycle {

	/** How long one wait for notices lasts; also how soon a stop is noticed. */
	static final Duration POLL = Duration.ofSeconds(1);

	/** Pause before reconnecting after a failure. */
	static final Duration RETRY = Duration.ofSeconds(2);

	private static final Logger log = LoggerFactory.getLogger(IdentityChangeListener.class);

	private final DataSource dataSource;

	private final IdentityCache cache;

	private volatile boolean running;

	private @Nullable Thread thread;

	IdentityChangeListener(DataSource dataSource, IdentityCache cache) {
		this.dataSource = dataSource;
		this.cache = cache;
	}

	@Override
	public void start() {
		if (cache.ttl().isZero() || cache.ttl().isNegative()) {
			return;
		}
		running = true;
		Thread listener = new Thread(this::listen, "identity-changes");
		listener.setDaemon(true);
		thread = listener;
		listener.start();
	}

	@Override
	public void stop() {
		running = false;
		Thread listener = thread;
		if (listener != null) {
			listener.interrupt();
			try {
				listener.join(POLL.multipliedBy(2).toMillis());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		cache.listening(false);
	}

	@Override
	public boolean isRunning() {
		return running;
	}

	private void listen() {
		while (running) {
			try (Connection connection = open(); Statement statement = connection.createStatement()) {
				statement.execute("LISTEN " + IdentityChanges.CHANNEL);
				PGConnection pg = connection.unwrap(PGConnection.class);
				cache.listening(true);
				log.debug("Listening for identity changes");
				while (running) {
					PGNotification[] notices = pg.getNotifications((int) POLL.toMillis());
					if (notices == null) {
						continue;
					}
					for (PGNotification notice : notices) {
						if (IdentityChanges.EVERYONE.equals(notice.getParameter())) {
							cache.invalidateAll();
						}
						else {
							cache.invalidate(notice.getParameter());
						}
					}
				}
			}
			catch (SQLException | RuntimeException ex) {
				cache.listening(false);
				if (running) {
					log.warn("Not listening for identity changes, the cache is bypassed until reconnected: {}",
							ex.toString());
					pause();
				}
			}
		}
		cache.listening(false);
	}

	/** A connection of its own: held for as long as the node runs, it would take one from the pool for good. */
	private Connection open() throws SQLException {
		if (dataSource.isWrapperFor(HikariDataSource.class)) {
			HikariDataSource hikari = dataSource.unwrap(HikariDataSource.class);
			if (hikari.getJdbcUrl() != null) {
				return DriverManager.getConnection(hikari.getJdbcUrl(), hikari.getUsername(), hikari.getPassword());
			}
		}
		return dataSource.getConnection();
	}

	private void pause() {
		try {
			Thread.sleep(RETRY.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			running = false;
		}
	}

}
