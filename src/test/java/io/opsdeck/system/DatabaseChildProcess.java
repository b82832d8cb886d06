package io.opsdeck.system;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;

import javax.sql.DataSource;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A JVM of its own for tests that kill or signal it: Opsdeck's embedded database configuration plus a lifecycle
 * bean that, like a run finishing during the shutdown grace period, keeps writing to the database for a while in
 * its {@code stop()} and then records {@code done}. Writes {@code <data-dir>/child.ready} once the database is up,
 * then waits to be signalled. Argument: the data directory.
 */
public final class DatabaseChildProcess {

	static final String READY_FILE = "child.ready";

	static final Duration WRITES_DURING_STOP = Duration.ofMillis(1500);

	private DatabaseChildProcess() {
	}

	public static void main(String[] args) throws IOException, InterruptedException {
		Path dataDirectory = Path.of(args[0]);
		// command-line arguments outrank application.yml's own opsdeck.data-directory
		new SpringApplicationBuilder(ChildConfiguration.class).web(WebApplicationType.NONE)
			.run("--opsdeck.data-directory=" + dataDirectory);
		Files.writeString(dataDirectory.resolve(READY_FILE), Long.toString(ProcessHandle.current().pid()));
		new CountDownLatch(1).await();
	}

	@Configuration(proxyBeanMethods = false)
	@Import(EmbeddedDatabaseConfiguration.class)
	@EnableConfigurationProperties(OpsdeckProperties.class)
	static class ChildConfiguration {

		@Bean
		WritesWhileStopping writesWhileStopping(DataSource dataSource) {
			return new WritesWhileStopping(new JdbcTemplate(dataSource));
		}

	}

	/** Writes rows to {@code shutdown_writes} for {@link #WRITES_DURING_STOP} when stopped, then {@code done}. */
	static final class WritesWhileStopping implements SmartLifecycle {

		private final JdbcTemplate jdbc;

		private volatile boolean running;

		WritesWhileStopping(JdbcTemplate jdbc) {
			this.jdbc = jdbc;
		}

		@Override
		public void start() {
			this.jdbc.execute("create table if not exists shutdown_writes (what text, at timestamptz default now())");
			this.running = true;
		}

		@Override
		public void stop() {
			Instant end = Instant.now().plus(WRITES_DURING_STOP);
			while (Instant.now().isBefore(end)) {
				this.jdbc.update("insert into shutdown_writes (what) values ('output')");
			}
			this.jdbc.update("insert into shutdown_writes (what) values ('done')");
			this.running = false;
		}

		@Override
		public boolean isRunning() {
			return this.running;
		}

	}

}
