package io.opsdeck.system;

import java.io.IOException;

import com.zaxxer.hikari.HikariDataSource;

import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

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
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression("'${spring.datasource.url:}'.isBlank()")
class EmbeddedDatabaseConfiguration {

	@Bean(destroyMethod = "close")
	EmbeddedCluster embeddedCluster(OpsdeckProperties properties) throws IOException {
		return EmbeddedCluster.start(properties.dataDirectory(), properties.embeddedDatabase().port(),
				properties.embeddedDatabase().durable());
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
