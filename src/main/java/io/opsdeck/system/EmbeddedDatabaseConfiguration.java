package io.opsdeck.system;

import java.io.IOException;

import com.zaxxer.hikari.HikariDataSource;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.support.DefaultSingletonBeanRegistry;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.jdbc.autoconfigure.DataSourceProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.util.StringUtils;

/**
 * Starts a real PostgreSQL (zonky embedded binaries) when no JDBC URL is configured, so that one command runs
 * Opsdeck on a fresh machine. The cluster lives in {@code <data-dir>/pgdata}, survives restarts (durable settings
 * unless {@code opsdeck.embedded-database.durable=false}) and only admits connections with the password in
 * {@code <data-dir>/pgdata.password}; see {@link EmbeddedCluster}. Setting {@code spring.datasource.url} (or env
 * {@code OPSDECK_DB_URL}) switches this off: the data source then connects to that URL, configured as Spring Boot's
 * own pooled data source would be ({@code spring.datasource.*}, {@code spring.datasource.hikari.*}).
 * <p>
 * The choice is made when the context starts, inside the beans, not by a condition on this class: Spring AOT
 * (issue 8, start-up: the jar is AOT-processed and {@code scripts/run.sh} starts it with
 * {@code -Dspring.aot.enabled=true}) evaluates conditions once, at build time, which would freeze the build
 * machine's choice into the jar.
 * <p>
 * Shutdown order: the cluster's {@link EmbeddedClusterStartup} is registered as a disposable bean before any bean is
 * created, and Spring destroys singletons in the reverse order of their registration (dependents first), so it stops
 * the cluster last, after every lifecycle bean has stopped (e.g. runs finishing during the shutdown grace period) and
 * the data source and every database user are destroyed. No other shutdown hook stops it.
 * <p>
 * Start-up (issue 8): PostgreSQL is started on a thread of its own as soon as the bean definitions are known
 * ({@link EmbeddedClusterStartup}, a bean factory post-processor), so that its start (about a second, mostly the
 * server's own) overlaps with the creation of the beans that come before the data source (the web server, the
 * configuration); the data source waits for it. A start that fails fails the context as before; a
 * context that fails before it needs the database still stops the server it started.
 * <p>
 * The embedded pool holds {@value #POOL_SIZE} connections, but opens only {@value #STARTUP_MINIMUM_IDLE} (and
 * whatever the start asks for at once) while Opsdeck starts: each connection costs a server process and a SCRAM
 * exchange whose client side (PBKDF2, 4,096 rounds of HMAC-SHA-256) ran on a cold JVM beside the start and competed
 * with it for the CPU (issue 8, start-up; docs/benchmarks.md, "7. Start-up, eleventh round"). Once Opsdeck is ready
 * the pool's minimum goes back to its full size, which Hikari's housekeeping (every 30 seconds) fills.
 */
@Configuration(proxyBeanMethods = false)
class EmbeddedDatabaseConfiguration {

	static final String STARTUP_BEAN = "embeddedClusterStartup";

	static final String POOL_NAME = "opsdeck-embedded";

	/** Connections of the embedded pool (its minimum idle once Opsdeck is ready, and its maximum). */
	static final int POOL_SIZE = 20;

	/** The embedded pool's minimum idle connections while Opsdeck starts. */
	static final int STARTUP_MINIMUM_IDLE = 2;

	private final ObjectProvider<HikariDataSource> pool;

	EmbeddedDatabaseConfiguration(ObjectProvider<HikariDataSource> pool) {
		this.pool = pool;
	}

	/** @return whether no JDBC URL is configured, so Opsdeck runs its own PostgreSQL */
	static boolean embedded(Environment environment) {
		return !StringUtils.hasText(environment.getProperty("spring.datasource.url"));
	}

	/**
	 * Starts the cluster in the background and registers the {@link EmbeddedClusterStartup} (which stops it when the
	 * context is destroyed) as the singleton {@value #STARTUP_BEAN}; nothing when a JDBC URL is configured.
	 */
	@Bean
	static BeanFactoryPostProcessor embeddedClusterEarlyStart(Environment environment) {
		return (beanFactory) -> {
			if (!embedded(environment) || Boolean.getBoolean("spring.aot.processing")) {
				return; // an external database, or the build's AOT processing (it only writes code)
			}
			// the bound properties bean does not exist yet: bind the same keys the same way
			OpsdeckProperties properties = Binder.get(environment)
				.bindOrCreate("opsdeck", OpsdeckProperties.class);
			EmbeddedClusterStartup startup = EmbeddedClusterStartup.begin(() -> EmbeddedCluster.start(
					properties.dataDirectory(), properties.embeddedDatabase().port(),
					properties.embeddedDatabase().durable()));
			beanFactory.registerSingleton(STARTUP_BEAN, startup);
			((DefaultSingletonBeanRegistry) beanFactory).registerDisposableBean(STARTUP_BEAN, startup);
		};
	}

	/**
	 * The pool: on the started cluster (stopped by {@link EmbeddedClusterStartup#destroy()}, after this bean's
	 * dependents), or on {@code spring.datasource.url} as Spring Boot's Hikari configuration makes it.
	 */
	@Bean(destroyMethod = "close")
	HikariDataSource dataSource(Environment environment, ObjectProvider<EmbeddedClusterStartup> embeddedClusterStartup,
			ObjectProvider<DataSourceProperties> dataSourceProperties) throws IOException {
		if (!embedded(environment)) {
			DataSourceProperties properties = dataSourceProperties
				.getIfAvailable(() -> Binder.get(environment).bindOrCreate("spring.datasource", DataSourceProperties.class));
			HikariDataSource dataSource = properties.initializeDataSourceBuilder().type(HikariDataSource.class).build();
			Binder.get(environment).bind("spring.datasource.hikari", Bindable.ofInstance(dataSource));
			if (StringUtils.hasText(properties.getName())) {
				dataSource.setPoolName(properties.getName());
			}
			return dataSource;
		}
		EmbeddedCluster cluster = embeddedClusterStartup.getObject().await();
		HikariDataSource dataSource = new HikariDataSource();
		dataSource.setJdbcUrl(cluster.jdbcUrl());
		dataSource.setUsername(cluster.username());
		dataSource.setPassword(cluster.password());
		dataSource.setPoolName(POOL_NAME);
		dataSource.setMaximumPoolSize(POOL_SIZE);
		dataSource.setMinimumIdle(STARTUP_MINIMUM_IDLE);
		return dataSource;
	}

	/**
	 * Once Opsdeck is ready (accepting traffic), the embedded pool's minimum idle connections go back to
	 * {@value #POOL_SIZE}; a pool on {@code spring.datasource.url} keeps its own settings.
	 */
	@EventListener
	void whenReady(AvailabilityChangeEvent<ReadinessState> event) {
		if (event.getState() == ReadinessState.ACCEPTING_TRAFFIC) {
			this.pool.ifAvailable((dataSource) -> {
				if (POOL_NAME.equals(dataSource.getPoolName())) {
					dataSource.setMinimumIdle(POOL_SIZE);
				}
			});
		}
	}

}
