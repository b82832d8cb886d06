package io.opsdeck.system;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static io.opsdeck.system.EmbeddedClusterIntegrationTests.connect;
import static io.opsdeck.system.EmbeddedClusterIntegrationTests.query;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The embedded database as an operating system sees it, with Opsdeck's configuration running in a JVM of its own
 * ({@link DatabaseChildProcess}): {@code kill -9} of that JVM leaves PostgreSQL running, and the next start must
 * cope; {@code SIGTERM} must stop the database only after everything that writes to it during shutdown.
 */
class EmbeddedClusterProcessIntegrationTests {

	@TempDir
	Path dataDirectory;

	private Process child;

	@AfterEach
	void stopChildAndItsDatabase() throws Exception {
		if (child != null && child.isAlive()) {
			child.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
		}
		Path cluster = dataDirectory.toAbsolutePath().normalize().resolve("pgdata");
		if (Files.exists(cluster)) {
			OrphanedPostmaster.stopIfRunning(cluster, Duration.ofSeconds(30));
		}
	}

	@Test
	void startsAfterTheJvmWasKilledAndLeftItsPostgresRunning() throws Exception {
		startChild();
		long orphan = Long.parseLong(Files.readAllLines(dataDirectory.resolve("pgdata/postmaster.pid")).get(0).trim());

		child.destroyForcibly();
		assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
		assertThat(ProcessHandle.of(orphan).filter(ProcessHandle::isAlive)).as("PostgreSQL outlived its JVM")
			.isPresent();

		try (EmbeddedCluster cluster = EmbeddedCluster.start(dataDirectory, 0, true);
				Connection connection = connect(cluster, cluster.password())) {
			assertThat(ProcessHandle.of(orphan).filter(ProcessHandle::isAlive)).as("the orphan was stopped").isEmpty();
			assertThat(query(connection, "select count(*) from shutdown_writes")).as("the child's table is there")
				.isEqualTo("0");
		}
	}

	@Test
	void sigtermStopsTheDatabaseAfterTheLifecycleBeansThatStillWrite() throws Exception {
		startChild();

		child.destroy();
		assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
		assertThat(dataDirectory.resolve("pgdata/postmaster.pid")).as("the child stopped its database").doesNotExist();

		try (EmbeddedCluster cluster = EmbeddedCluster.start(dataDirectory, 0, true);
				Connection connection = connect(cluster, cluster.password())) {
			assertThat(query(connection, "select count(*) from shutdown_writes where what = 'done'"))
				.as("the write at the end of stop() reached the database; child log:%n%s", childLog())
				.isEqualTo("1");
			assertThat(Long.parseLong(query(connection, "select count(*) from shutdown_writes where what = 'output'")))
				.isPositive();
		}
	}

	private void startChild() throws IOException {
		String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		child = new ProcessBuilder(List.of(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
				DatabaseChildProcess.class.getName(), dataDirectory.toString()))
			.redirectErrorStream(true)
			.redirectOutput(dataDirectory.resolve("child.log").toFile())
			.start();
		await().atMost(Duration.ofMinutes(4))
			.failFast("child exited; log:\n" + logPath(), () -> !child.isAlive())
			.until(() -> Files.exists(dataDirectory.resolve(DatabaseChildProcess.READY_FILE)));
	}

	private String childLog() throws IOException {
		return Files.readString(dataDirectory.resolve("child.log"));
	}

	private File logPath() {
		return dataDirectory.resolve("child.log").toFile();
	}

}
