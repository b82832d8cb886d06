package io.opsdeck.system;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The embedded PostgreSQL started in the background while the context creates its other beans (issue 8, start-up):
 * the data source gets that server, closing the context stops it, a context that fails before it needs the
 * database stops it too, and a start that fails still fails the context with the start's own error. The embedded
 * pool opens few connections while the context starts and fills up once it is ready.
 */
class EmbeddedClusterStartupIntegrationTests {

	@TempDir
	Path dataDirectory;

	@AfterEach
	void stopAnyServerLeft() throws Exception {
		Path cluster = cluster();
		if (Files.exists(cluster)) {
			OrphanedPostmaster.stopIfRunning(cluster, Duration.ofSeconds(30));
		}
	}

	@Test
	void theDataSourceUsesTheServerStartedInTheBackgroundAndClosingStopsIt() throws Exception {
		try (ConfigurableApplicationContext context = start(DatabaseOnly.class)) {
			EmbeddedCluster cluster = context.getBean(EmbeddedClusterStartup.class).await();
			try (Connection connection = context.getBean(DataSource.class).getConnection()) {
				assertThat(connection.getMetaData().getURL()).contains(":" + cluster.port() + "/");
				assertThat(connection.isValid(5)).isTrue();
			}
			assertThat(OrphanedPostmaster.liveServer(cluster())).isPresent();
		}
		assertThat(OrphanedPostmaster.liveServer(cluster())).as("stopped with the context").isEmpty();
	}

	@Test
	void theEmbeddedPoolOpensFewConnectionsWhileStartingAndAllOnceReady() throws Exception {
		try (ConfigurableApplicationContext context = start(DatabaseOnly.class, MinimumIdleBeforeReady.class)) {
			assertThat(context.getBean(MinimumIdleBeforeReady.class).seen)
				.as("minimum idle while starting (an ApplicationRunner runs before readiness)")
				.hasValue(EmbeddedDatabaseConfiguration.STARTUP_MINIMUM_IDLE);
			HikariDataSource dataSource = context.getBean(HikariDataSource.class);
			assertThat(dataSource.getMinimumIdle()).as("once ready").isEqualTo(EmbeddedDatabaseConfiguration.POOL_SIZE);
			assertThat(dataSource.getMaximumPoolSize()).isEqualTo(EmbeddedDatabaseConfiguration.POOL_SIZE);
			try (Connection connection = dataSource.getConnection()) { // starts the pool, as Flyway does at start
				assertThat(connection.isValid(5)).isTrue();
			}
			// Hikari's housekeeping fills the pool (every 30 s)
			await().atMost(Duration.ofSeconds(90))
				.untilAsserted(() -> assertThat(dataSource.getHikariPoolMXBean().getIdleConnections())
					.isEqualTo(EmbeddedDatabaseConfiguration.POOL_SIZE));
		}
	}

	@Test
	void aJdbcUrlChosenAtRunTimeConnectsThereWithoutAnEmbeddedServer() throws Exception {
		Path external = this.dataDirectory.resolve("external");
		try (EmbeddedCluster server = EmbeddedCluster.start(external, 0, false);
				ConfigurableApplicationContext context = new SpringApplicationBuilder(DatabaseOnly.class)
					.web(WebApplicationType.NONE)
					.run("--opsdeck.data-directory=" + this.dataDirectory, "--spring.datasource.url=" + server.jdbcUrl(),
							"--spring.datasource.username=" + server.username(),
							"--spring.datasource.password=" + server.password(),
							"--spring.datasource.hikari.maximum-pool-size=3",
							"--spring.datasource.hikari.minimum-idle=1",
							"--spring.datasource.hikari.pool-name=external-pool")) {
			assertThat(context.containsBean(EmbeddedDatabaseConfiguration.STARTUP_BEAN)).isFalse();
			HikariDataSource dataSource = context.getBean(HikariDataSource.class);
			assertThat(dataSource.getMaximumPoolSize()).isEqualTo(3);
			assertThat(dataSource.getMinimumIdle()).as("its own setting, also once ready").isEqualTo(1);
			assertThat(dataSource.getPoolName()).isEqualTo("external-pool");
			try (Connection connection = dataSource.getConnection()) {
				assertThat(connection.getMetaData().getURL()).contains(":" + server.port() + "/");
			}
			assertThat(cluster()).as("no server of its own").doesNotExist();
		}
	}

	@Test
	void aContextThatFailsBeforeItNeedsTheDatabaseStopsTheServerItStarted() {
		assertThatThrownBy(() -> start(FailsFirst.class, DatabaseOnly.class)).hasStackTraceContaining("fails first");

		assertThat(cluster().resolve("postgresql.conf")).as("the server was started").exists();
		assertThat(OrphanedPostmaster.liveServer(cluster())).as("and stopped").isEmpty();
	}

	@Test
	void aStartThatFailsFailsTheContextWithItsOwnError() throws Exception {
		try (ConfigurableApplicationContext context = start(DatabaseOnly.class)) {
			assertThat(OrphanedPostmaster.liveServer(cluster())).isPresent();
		}
		Files.delete(this.dataDirectory.resolve(ClusterPassword.FILE_NAME));

		assertThatThrownBy(() -> start(DatabaseOnly.class)).hasRootCauseInstanceOf(IllegalStateException.class)
			.hasStackTraceContaining("password file");
		assertThat(OrphanedPostmaster.liveServer(cluster())).isEmpty();
	}

	private ConfigurableApplicationContext start(Class<?>... sources) {
		return new SpringApplicationBuilder(sources).web(WebApplicationType.NONE)
			.run("--opsdeck.data-directory=" + this.dataDirectory, "--opsdeck.embedded-database.durable=false",
					"--spring.datasource.url=");
	}

	private Path cluster() {
		return this.dataDirectory.toAbsolutePath().normalize().resolve(EmbeddedCluster.CLUSTER_DIRECTORY);
	}

	@Configuration(proxyBeanMethods = false)
	@Import(EmbeddedDatabaseConfiguration.class)
	@EnableConfigurationProperties(OpsdeckProperties.class)
	static class DatabaseOnly {

	}

	/** Records the pool's minimum idle connections while the context starts (runners run before readiness). */
	@Configuration(proxyBeanMethods = false)
	static class MinimumIdleBeforeReady {

		final AtomicInteger seen = new AtomicInteger(-1);

		@Bean
		ApplicationRunner recordMinimumIdle(HikariDataSource dataSource) {
			return (arguments) -> this.seen.set(dataSource.getMinimumIdle());
		}

	}

	/** Fails while the context registers its post-processors: before any bean that uses the database exists. */
	@Configuration(proxyBeanMethods = false)
	static class FailsFirst {

		@Bean
		static BeanPostProcessor failsFirst() {
			throw new IllegalStateException("fails first");
		}

	}

}
