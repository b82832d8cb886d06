package io.opsdeck.system;

import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings that belong to the whole application.
 *
 * @param dataDirectory where Opsdeck keeps local state: the embedded PostgreSQL cluster ({@code pgdata/}), its
 * superuser password ({@code pgdata.password}) and socket directory ({@code pgsocket/}), and the generated master key
 * file ({@code master.key}); env {@code OPSDECK_DATA_DIR}, default {@code ~/.opsdeck}
 * @param embeddedDatabase the embedded PostgreSQL started when no JDBC URL is configured
 */
@ConfigurationProperties("opsdeck")
public record OpsdeckProperties(Path dataDirectory, @DefaultValue EmbeddedDatabase embeddedDatabase) {

	public OpsdeckProperties {
		if (dataDirectory == null) {
			dataDirectory = Path.of(System.getProperty("user.home"), ".opsdeck");
		}
	}

	/**
	 * @param port TCP port on 127.0.0.1 for the embedded server; {@code 0} picks a free one at every start
	 * @param durable {@code true} (default): {@code fsync}, {@code synchronous_commit} and {@code full_page_writes}
	 * on, so committed data survives a crash; {@code false} is for tests only
	 */
	public record EmbeddedDatabase(@DefaultValue("0") int port, @DefaultValue("true") boolean durable) {
	}

}
