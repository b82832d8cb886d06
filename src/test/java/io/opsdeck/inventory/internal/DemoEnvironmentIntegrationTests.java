package io.opsdeck.inventory.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import javax.sql.DataSource;

import io.opsdeck.support.IntegrationTest;
import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

import static org.assertj.core.api.Assertions.assertThat;

/** The demo environment: created on first start, exactly once, even when several nodes start together. */
@IntegrationTest
class DemoEnvironmentIntegrationTests {

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	DemoEnvironment demo;

	@Autowired
	DataSource dataSource;

	@Test
	void theApplicationStartedWithADemoEnvironmentHoldingLocalhost() {
		Map<String, Object> environment = this.jdbc.queryForMap("select * from environments where name = 'demo'");
		Map<String, Object> server = this.jdbc.queryForMap("select * from servers where name = 'localhost'");

		assertThat(environment.get("kind")).isEqualTo("development");
		assertThat(environment.get("cloud_provider")).isEqualTo("aws");
		assertThat(environment.get("region")).isEqualTo("local");
		assertThat((String) environment.get("description")).contains("local connection");
		assertThat(server.get("environment_id")).isEqualTo(environment.get("id"));
		assertThat(server.get("host")).isEqualTo("127.0.0.1");
		assertThat(server.get("connection")).isEqualTo("local");
		assertThat(server.get("credential_id")).isNull();
		assertThat(server.get("username")).isEqualTo(System.getProperty("user.name"));
	}

	@Test
	void runningAgainChangesNothing() {
		assertThat(this.demo.create()).isFalse();

		assertThat(this.jdbc.queryForObject("select count(*) from environments where name = 'demo'", Long.class))
			.isEqualTo(1);
		assertThat(this.jdbc.queryForObject("select count(*) from servers where name = 'localhost'", Long.class))
			.isEqualTo(1);
	}

	@Test
	void nodesStartingTogetherOnAFreshDatabaseCreateItOnce() throws Exception {
		String database = "demo_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
		JdbcTemplate admin = new JdbcTemplate(this.dataSource);
		admin.execute("create database " + database);
		try {
			DataSource fresh = database(database);
			Flyway.configure().dataSource(fresh).locations("classpath:db/migration").load().migrate();
			JdbcTemplate jdbc = new JdbcTemplate(fresh);
			List<DemoEnvironment> nodes = List.of(node(jdbc, fresh), node(jdbc, fresh), node(jdbc, fresh));
			CountDownLatch start = new CountDownLatch(1);
			ExecutorService pool = Executors.newFixedThreadPool(nodes.size());
			List<Boolean> created = new ArrayList<>();
			try {
				List<Future<Boolean>> results = nodes.stream().map(node -> pool.submit(() -> {
					start.await();
					return node.create();
				})).toList();
				start.countDown();
				for (Future<Boolean> result : results) {
					created.add(result.get());
				}
			}
			finally {
				pool.shutdownNow();
			}

			assertThat(created).containsOnlyOnce(true);
			assertThat(jdbc.queryForObject("select count(*) from environments", Long.class)).isEqualTo(1);
			assertThat(jdbc.queryForObject("select count(*) from servers", Long.class)).isEqualTo(1);

			jdbc.update("delete from servers");
			jdbc.update("delete from environments");
			assertThat(node(jdbc, fresh).create()).as("not re-created after an admin deleted it").isFalse();
		}
		finally {
			admin.execute("drop database " + database + " with (force)");
		}
	}

	@Test
	void anInstallationThatAlreadyHasEnvironmentsGetsNoDemo() throws Exception {
		String database = "demo_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
		JdbcTemplate admin = new JdbcTemplate(this.dataSource);
		admin.execute("create database " + database);
		try {
			DataSource fresh = database(database);
			Flyway.configure().dataSource(fresh).locations("classpath:db/migration").load().migrate();
			JdbcTemplate jdbc = new JdbcTemplate(fresh);
			jdbc.update("insert into environments (id, name, kind, cloud_provider, region, created_at, updated_at, version)"
					+ " values (?, 'prod', 'production', 'aws', 'us-east-1', now(), now(), 0)", UUID.randomUUID());

			assertThat(node(jdbc, fresh).create()).isFalse();
			assertThat(new DemoEnvironment(jdbc, new DataSourceTransactionManager(fresh),
					new LocalConnectionProperties(false)).create()).isFalse();
			assertThat(jdbc.queryForObject("select count(*) from environments", Long.class)).isEqualTo(1);
		}
		finally {
			admin.execute("drop database " + database + " with (force)");
		}
	}

	private static DemoEnvironment node(JdbcTemplate jdbc, DataSource dataSource) {
		return new DemoEnvironment(jdbc, new DataSourceTransactionManager(dataSource),
				new LocalConnectionProperties(true));
	}

	/** @return a data source for another database of the same cluster, with the application's credentials */
	private DataSource database(String name) {
		HikariDataSource app = (HikariDataSource) this.dataSource;
		String url = app.getJdbcUrl().replaceFirst("/[^/?]+(\\?|$)", "/" + name + "$1");
		return new org.springframework.jdbc.datasource.DriverManagerDataSource(url, app.getUsername(), app.getPassword());
	}

}
