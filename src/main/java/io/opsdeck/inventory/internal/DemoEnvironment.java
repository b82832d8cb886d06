package io.opsdeck.inventory.internal;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Like AWX's demo inventory: on the first start with the local connection enabled and no environment at all,
 * creates environment {@code demo} holding server {@code localhost} (local connection, the OS user running
 * Opsdeck), so a health check works before any remote machine is added.
 * <p>
 * Decided once per database: the step is recorded in {@code inventory_setup} in the same transaction, by an
 * {@code INSERT ... ON CONFLICT DO NOTHING} that makes concurrently starting nodes wait for each other, so the demo
 * is created at most once and not re-created after an admin deletes it.
 */
@Component
class DemoEnvironment implements ApplicationRunner {

	static final String STEP = "demo-environment";

	static final String NAME = "demo";

	static final String SERVER = "localhost";

	static final String DESCRIPTION = "Created on first start so you can try Opsdeck at once: its server 'localhost'"
			+ " is the Opsdeck host itself, reached through the local connection (no SSH). Delete it once you have"
			+ " real servers; it is not re-created.";

	private static final Logger log = LoggerFactory.getLogger(DemoEnvironment.class);

	private final JdbcTemplate jdbc;

	private final TransactionTemplate transactions;

	private final boolean localConnectionEnabled;

	DemoEnvironment(JdbcTemplate jdbc, PlatformTransactionManager transactionManager,
			LocalConnectionProperties localConnection) {
		this.jdbc = jdbc;
		this.transactions = new TransactionTemplate(transactionManager);
		this.localConnectionEnabled = localConnection.enabled();
	}

	@Override
	public void run(ApplicationArguments args) {
		create();
	}

	/** @return whether this call created the demo environment */
	boolean create() {
		if (!this.localConnectionEnabled) {
			return false;
		}
		Boolean created = this.transactions.execute(status -> {
			Timestamp now = Timestamp.from(Instant.now());
			int claimed = this.jdbc.update(
					"insert into inventory_setup (step, applied_at) values (?, ?) on conflict (step) do nothing", STEP,
					now);
			Long environments = this.jdbc.queryForObject("select count(*) from environments", Long.class);
			if (claimed == 0 || environments == null || environments > 0) {
				return false;
			}
			UUID environment = UUID.randomUUID();
			this.jdbc.update("""
					insert into environments (id, name, kind, cloud_provider, region, description, created_at,
					                          updated_at, version)
					values (?, ?, 'development', 'aws', 'local', ?, ?, ?, 0)""", environment, NAME, DESCRIPTION, now, now);
			this.jdbc.update("""
					insert into servers (id, name, host, port, username, environment_id, credential_id, connection,
					                     host_key_policy, roles, created_at, updated_at, version)
					values (?, ?, '127.0.0.1', 22, ?, ?, null, 'local', 'strict', '{}', ?, ?, 0)""", UUID.randomUUID(),
					SERVER, System.getProperty("user.name"), environment, now, now);
			return true;
		});
		if (Boolean.TRUE.equals(created)) {
			log.info("Created the '{}' environment with server '{}' (local connection)", NAME, SERVER);
		}
		return Boolean.TRUE.equals(created);
	}

}
