package io.opsdeck.system;

import java.io.IOException;

import com.zaxxer.hikari.HikariDataSource;

import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.support.DefaultSingletonBeanRegistry;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Starts a real PostgreSQL (zonky embedded binaries) when no JDBC URL is configured, so that one command runs
 * Opsdeck on a fresh machine. The cluster lives in {@code <data-dir>/pgdata}, survives restarts (durable settings
 * unless {@code opsdeck.embedded-database.durable=false}) and only admits connections with the password in
 * {@code <data-dir>/pgdata.password}; see {@link EmbeddedCluster}. Setting {@code spring.datasource.url} (or env
 * {@code OPSDECK_DB_URL}) switches this off and Spring Boot's own data source configuration takes over.
 * <p>
 * Shutdown order: the data source depends on the cluster, and everything using the database depends on the data
 * source, so Spring stops the cluster last, after every lifecycle bean has stopped (e.g. runs finishing during the
 * shutdown grace period) and every database user is destroyed. No other shutdown hook stops it.
 * <p>
 * Start-up (issue 8): PostgreSQL is started on a thread of its own as soon as the bean definitions are known
 * ({@link EmbeddedClusterStartup}, a bean factory post-processor), so that its start (about a second, mostly the
 * server's own) overlaps with the creation of the beans that come before the data source (the web server, the
 * configuration); the {@code embeddedCluster} bean waits for it. A start that fails fails the context as before; a
 * context that fails before it needs the database still stops the server it started.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression("'${spring.datasource.url:}'.isBlank()")
class EmbeddedDatabaseConfiguration {

	static final String STARTUP_BEAN = "embeddedClusterStartup";

	/**
	 * Starts the cluster in the background and registers the {@link EmbeddedClusterStartup} (which stops it when the
	 * context is destroyed) as the singleton {@value #STARTUP_BEAN}.
	 */
	@Bean
	static BeanFactoryPostProcessor embeddedClusterEarlyStart(Environment environment) {
		return (beanFactory) -> {
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

	/** The started cluster; stopped by {@link EmbeddedClusterStartup#destroy()}, after this bean's dependents. */
	@Bean(destroyMethod = "")
	EmbeddedCluster embeddedCluster(EmbeddedClusterStartup embeddedClusterStartup) throws IOException {
		return embeddedClusterStartup.await();
	}

	@Bean(destroyMethod = "close")
	HikariDataSource dataSource(EmbeddedCluster cluster) {
		HikariDataSource dataSource = new HikariDataSource();
		dataSource.setJdbcUrl(cluster.jdbcUrl());
		dataSource.setUsername(cluster.username());
		dataSource.setPassword(cluster.password());
		dataSource.setPoolName("opsdeck-embedded");
		dataSource.setMaximumPoolSize(20);
		return dataSource;
	}

}
