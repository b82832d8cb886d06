package io.opsdeck.system;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Starts a real PostgreSQL (zonky embedded binaries) when no JDBC URL is configured, so that one command runs
 * Opsdeck on a fresh machine. The cluster lives in {@code <data-dir>/pgdata} and survives restarts. Setting
 * {@code spring.datasource.url} (or env {@code OPSDECK_DB_URL}) switches this off and Spring Boot's own data source
 * configuration takes over.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression("'${spring.datasource.url:}'.isBlank()")
class EmbeddedDatabaseConfiguration {

	private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabaseConfiguration.class);

	@Bean(destroyMethod = "close")
	EmbeddedPostgres embeddedPostgres(OpsdeckProperties properties) throws IOException {
		Path dataDirectory = properties.dataDirectory().resolve("pgdata");
		Files.createDirectories(dataDirectory.getParent());
		boolean existing = Files.exists(dataDirectory.resolve("PG_VERSION"));
		EmbeddedPostgres postgres = EmbeddedPostgres.builder()
			.setDataDirectory(dataDirectory)
			.setCleanDataDirectory(false)
			.setPort(properties.embeddedDatabase().port())
			.setServerConfig("max_connections", "100")
			.start();
		log.info("Embedded PostgreSQL {} cluster in {} on port {}", existing ? "reopened" : "created", dataDirectory,
				postgres.getPort());
		return postgres;
	}

	@Bean
	DataSource dataSource(EmbeddedPostgres postgres) {
		HikariDataSource dataSource = new HikariDataSource();
		dataSource.setJdbcUrl(postgres.getJdbcUrl("postgres", "postgres"));
		dataSource.setUsername("postgres");
		dataSource.setPoolName("opsdeck-embedded");
		dataSource.setMaximumPoolSize(20);
		return dataSource;
	}

}
