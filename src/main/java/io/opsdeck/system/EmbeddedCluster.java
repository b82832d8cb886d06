package io.opsdeck.system;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.postgresql.PGConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running embedded PostgreSQL 17 (zonky binaries) whose cluster lives in {@code <data-dir>/pgdata}. Every
 * connection needs the superuser password from {@code <data-dir>/pgdata.password} (see {@link ClusterAccess}); the
 * Unix socket lives in {@code <data-dir>/pgsocket} (0700). {@link #close()} stops the server; nothing else does
 * (no JVM shutdown hook: Spring closes it after everything that uses the database).
 * <p>
 * At start: a server left running by a killed Opsdeck is stopped first ({@link OrphanedPostmaster}); a new cluster
 * is initialised with the password ({@code initdb --pwfile --auth=scram-sha-256}); a cluster from before passwords
 * ({@code trust} in {@code pg_hba.conf}) gets one, keeping its data; a cluster whose password file is missing is
 * refused.
 */
final class EmbeddedCluster implements Closeable {

	static final String SUPERUSER = "postgres";

	static final String CLUSTER_DIRECTORY = "pgdata";

	static final String SOCKET_DIRECTORY = "pgsocket";

	private static final Logger log = LoggerFactory.getLogger(EmbeddedCluster.class);

	private static final Duration STARTUP_WAIT = Duration.ofSeconds(60);

	private static final Duration STOP_WAIT = Duration.ofSeconds(60);

	private final EmbeddedPostgres postgres;

	private final Path cluster;

	private final String password;

	private EmbeddedCluster(EmbeddedPostgres postgres, Path cluster, String password) {
		this.postgres = postgres;
		this.cluster = cluster;
		this.password = password;
	}

	/**
	 * @param dataDirectory Opsdeck's data directory; the cluster is {@code pgdata} in it
	 * @param port TCP port on loopback, {@code 0} for any free one
	 * @param durable {@code fsync}, {@code synchronous_commit} and {@code full_page_writes} on (the default);
	 * {@code false} keeps zonky's fast, crash-unsafe test settings
	 * @return the started server
	 * @throws IllegalStateException if the cluster exists but its password file does not, or another Opsdeck owns it
	 * @throws IOException if PostgreSQL cannot be started
	 */
	static EmbeddedCluster start(Path dataDirectory, int port, boolean durable) throws IOException {
		Path home = dataDirectory.toAbsolutePath().normalize();
		if (!Files.isDirectory(home)) {
			Files.createDirectories(home, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(
					"rwx------")));
		}
		Path cluster = home.resolve(CLUSTER_DIRECTORY);
		Path passwordFile = home.resolve(ClusterPassword.FILE_NAME);
		Path socketDirectory = home.resolve(SOCKET_DIRECTORY);
		OrphanedPostmaster.stopIfRunning(cluster, STOP_WAIT);
		boolean exists = Files.exists(cluster.resolve("postgresql.conf"));
		String password;
		EmbeddedPostgres.Builder builder;
		if (!exists) {
			password = ClusterPassword.readOrCreate(passwordFile);
			// zonky passes its "locale config" to initdb as --key=value; later options override its "-A trust"
			builder = builder(cluster, port, durable, password).setLocaleConfig("pwfile", passwordFile.toString())
				.setLocaleConfig("auth", "scram-sha-256");
		}
		else if (ClusterAccess.trustsConnections(cluster)) {
			password = ClusterPassword.readOrCreate(passwordFile);
			setPasswordOnTrustingCluster(cluster, socketDirectory, port, durable, password);
			builder = builder(cluster, port, durable, password);
		}
		else if (Files.exists(passwordFile)) {
			password = ClusterPassword.read(passwordFile);
			builder = builder(cluster, port, durable, password);
		}
		else {
			throw new IllegalStateException("The embedded PostgreSQL cluster " + cluster + " requires a password, but"
					+ " its password file " + passwordFile + " is missing. Restore that file from your backup of "
					+ home + ". Opsdeck does not create a new cluster over an existing one.");
		}
		EmbeddedPostgres postgres = builder.setDataDirectoryCustomizer((directory) -> configure(directory.toPath(),
				socketDirectory, true))
			.start();
		log.info("Embedded PostgreSQL {} cluster in {} on port {} (password in {}, durable: {})",
				exists ? "reopened" : "created", cluster, postgres.getPort(), passwordFile, durable);
		return new EmbeddedCluster(postgres, cluster, password);
	}

	/** @return the JDBC URL of the {@code postgres} database, without credentials */
	String jdbcUrl() {
		return "jdbc:postgresql://localhost:" + this.postgres.getPort() + "/postgres";
	}

	String username() {
		return SUPERUSER;
	}

	String password() {
		return this.password;
	}

	int port() {
		return this.postgres.getPort();
	}

	/** Stops the server (fast shutdown) and waits until its process has exited. */
	@Override
	public void close() throws IOException {
		Optional<ProcessHandle> server = OrphanedPostmaster.liveServer(this.cluster);
		this.postgres.close();
		if (server.isPresent()) {
			try {
				server.get().onExit().get(STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS);
				log.info("Embedded PostgreSQL on {} stopped", this.cluster);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			catch (Exception ex) {
				log.warn("Embedded PostgreSQL (pid {}) is still stopping", server.get().pid());
			}
		}
	}

	@Override
	public String toString() {
		return "EmbeddedCluster[" + this.cluster + ", port " + port() + "]";
	}

	private static EmbeddedPostgres.Builder builder(Path cluster, int port, boolean durable, String password) {
		EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
			.setDataDirectory(cluster)
			.setCleanDataDirectory(false)
			.setRegisterShutdownHook(false)
			.setPort(port)
			.setPGStartupWait(STARTUP_WAIT)
			.setConnectConfig("password", password)
			.setServerConfig("max_connections", "100");
		if (durable) {
			// zonky starts the server with -F (fsync off) and synchronous_commit=off; later -c options win
			builder.setServerConfig("fsync", "on")
				.setServerConfig("synchronous_commit", "on")
				.setServerConfig("full_page_writes", "on");
		}
		return builder;
	}

	/**
	 * Migrates a cluster created before Opsdeck set a password: starts it as it is ({@code trust}), stores the
	 * password's SCRAM verifier (computed here, so the password never reaches the server's logs) and stops it. The
	 * normal start that follows rewrites {@code pg_hba.conf}. Safe to repeat if interrupted.
	 */
	private static void setPasswordOnTrustingCluster(Path cluster, Path socketDirectory, int port, boolean durable,
			String password) throws IOException {
		log.warn("The embedded PostgreSQL cluster {} accepts connections without a password; setting one", cluster);
		try (EmbeddedPostgres legacy = builder(cluster, port, durable, password)
			.setDataDirectoryCustomizer((directory) -> configure(directory.toPath(), socketDirectory, false))
			.start(); Connection connection = legacy.getPostgresDatabase().getConnection()) {
			connection.unwrap(PGConnection.class).alterUserPassword(SUPERUSER, password.toCharArray(),
					"scram-sha-256");
		}
		catch (SQLException ex) {
			throw new IOException("Could not set the password of the embedded PostgreSQL superuser", ex);
		}
	}

	private static void configure(Path cluster, Path socketDirectory, boolean requirePasswords) {
		try {
			ClusterAccess.writeServerSettings(cluster, socketDirectory);
			if (requirePasswords) {
				ClusterAccess.requirePasswords(cluster);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot configure the embedded PostgreSQL cluster " + cluster, ex);
		}
	}

}
