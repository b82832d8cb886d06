package io.opsdeck.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A throwaway Debian PostgreSQL 15 cluster for a test: {@code initdb} into a private temporary directory owned by the
 * {@code postgres} OS user (PostgreSQL refuses to run as root), listening on a loopback address such as
 * {@code 127.0.0.3} and a free port, with its unix socket in that directory.
 * <p>
 * Test only: {@code pg_hba.conf} trusts every local and loopback TCP connection, so tools connect as
 * {@code -U postgres} without a password. Real servers authenticate the drill's database commands with a
 * {@code ~/.pgpass} of the SSH user, or with peer authentication by becoming {@code db_become_user}. Durability is
 * off ({@code fsync}, {@code full_page_writes}) to keep tests fast. {@link #close()} stops the server
 * ({@code pg_ctl stop -m immediate}) and deletes the directory.
 */
public final class PostgresServer implements AutoCloseable {

	/** Debian's PostgreSQL 15 server binaries ({@code postgresql-15}). */
	public static final Path BIN = Path.of("/usr/lib/postgresql/15/bin");

	private static final String OS_USER = "postgres";

	private static final String FIELD_SEPARATOR = "\u001f";

	private final Path directory;

	private final String host;

	private final int port;

	private PostgresServer(Path directory, String host, int port) {
		this.directory = directory;
		this.host = host;
		this.port = port;
	}

	/**
	 * @return whether the server binaries, {@code psql} and the {@code postgres} OS user exist and the tests run as
	 * root (needed to run the server as {@code postgres}), so a test can be skipped where they do not
	 */
	public static boolean isAvailable() {
		return Files.isExecutable(BIN.resolve("postgres")) && Files.isExecutable(BIN.resolve("initdb"))
				&& Files.isExecutable(Path.of("/usr/bin/psql")) && Files.isExecutable(Path.of("/usr/sbin/runuser"))
				&& "root".equals(System.getProperty("user.name")) && lookupOsUser() != null;
	}

	/**
	 * Creates and starts a cluster.
	 * @param listenAddress loopback address to listen on, e.g. {@code 127.0.0.3}
	 * @return the running server, accepting connections
	 * @throws IllegalStateException when initdb or pg_ctl fail (the message holds their output)
	 */
	public static PostgresServer start(String listenAddress) {
		Path directory;
		try {
			directory = Files.createTempDirectory("opsdeck-pg-",
					PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
			Files.setOwner(directory, lookupOsUser());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		try {
			Path data = directory.resolve("data");
			asPostgres(List.of(BIN.resolve("initdb").toString(), "-D", data.toString(), "-U", OS_USER, "-A", "trust",
					"-E", "UTF8", "--locale=C", "--no-sync"), null);
			int port = LocalResources.freePort(listenAddress);
			asPostgres(List.of("sh", "-c", "cat >> \"$1\"", "sh", data.resolve("postgresql.conf").toString()),
					String.join("\n", "listen_addresses = '" + listenAddress + "'", "port = " + port,
							"unix_socket_directories = '" + directory + "'", "fsync = off", "full_page_writes = off",
							"synchronous_commit = off", "max_connections = 40", "shared_buffers = 32MB", ""));
			asPostgres(List.of("sh", "-c", "cat > \"$1\"", "sh", data.resolve("pg_hba.conf").toString()),
					"local all all trust\nhost all all 127.0.0.0/8 trust\n");
			asPostgres(List.of(BIN.resolve("pg_ctl").toString(), "-D", data.toString(), "-l",
					directory.resolve("server.log").toString(), "-w", "-t", "60", "start"), null);
			return new PostgresServer(directory, listenAddress, port);
		}
		catch (RuntimeException ex) {
			LocalResources.deleteRecursively(directory);
			throw ex;
		}
	}

	/** @return the address the server listens on */
	public String host() {
		return this.host;
	}

	/** @return the TCP port */
	public int port() {
		return this.port;
	}

	/**
	 * Runs SQL with {@code psql -v ON_ERROR_STOP=1} as the {@code postgres} role.
	 * @param database database to connect to
	 * @param sql one or more statements (psql script)
	 * @return the rows the statements printed, each a list of column values (NULL as an empty string)
	 * @throws IllegalStateException when psql fails (the message holds its error)
	 */
	public List<List<String>> sql(String database, String sql) {
		String output = run(List.of("psql", "-X", "-q", "-At", "-F", FIELD_SEPARATOR, "-v", "ON_ERROR_STOP=1", "-h",
				this.host, "-p", String.valueOf(this.port), "-U", OS_USER, "-d", database, "-f", "-"), sql);
		List<List<String>> rows = new ArrayList<>();
		for (String line : output.split("\n")) {
			if (!line.isEmpty()) {
				rows.add(Arrays.asList(line.split(FIELD_SEPARATOR, -1)));
			}
		}
		return rows;
	}

	/** @return the first column of the first row of {@code sql}, or {@code null} when there is none */
	public String value(String database, String sql) {
		List<List<String>> rows = sql(database, sql);
		return rows.isEmpty() ? null : rows.get(0).get(0);
	}

	/** Creates a database owned by {@code postgres}. */
	public void createDatabase(String name) {
		sql("postgres", "CREATE DATABASE \"" + name.replace("\"", "\"\"") + "\"");
	}

	/** Drops a database if it exists, terminating its connections. */
	public void dropDatabase(String name) {
		sql("postgres", "DROP DATABASE IF EXISTS \"" + name.replace("\"", "\"\"") + "\" WITH (FORCE)");
	}

	/** @return a JDBC URL for a database of this server */
	public String jdbcUrl(String database) {
		return "jdbc:postgresql://" + this.host + ":" + this.port + "/" + database;
	}

	/**
	 * Runs a PostgreSQL client tool (pg_dump, pg_restore, ...) with this server's {@code -h}/{@code -p}/{@code -U}
	 * added after the tool name.
	 * @param tool the tool and its arguments, e.g. {@code List.of("pg_dump", "-Fc", "-f", file, "-d", "app")}
	 * @return its standard output
	 */
	public String client(List<String> tool) {
		List<String> command = new ArrayList<>();
		command.add(BIN.resolve(tool.get(0)).toString());
		command.addAll(List.of("-h", this.host, "-p", String.valueOf(this.port), "-U", OS_USER));
		command.addAll(tool.subList(1, tool.size()));
		return run(command, null);
	}

	/**
	 * Stops the server ({@code pg_ctl stop -m fast}: open connections are closed, as in a PostgreSQL restart or
	 * failover) and keeps its data; {@link #startAgain()} brings it back on the same address and port.
	 * @throws IllegalStateException when pg_ctl fails
	 */
	public void stop() {
		asPostgres(List.of(BIN.resolve("pg_ctl").toString(), "-D", this.directory.resolve("data").toString(), "-m",
				"fast", "-w", "-t", "60", "stop"), null);
	}

	/**
	 * Starts a server stopped with {@link #stop()}, on the same address and port.
	 * @throws IllegalStateException when pg_ctl fails (e.g. the port was taken meanwhile)
	 */
	public void startAgain() {
		asPostgres(List.of(BIN.resolve("pg_ctl").toString(), "-D", this.directory.resolve("data").toString(), "-l",
				this.directory.resolve("server.log").toString(), "-w", "-t", "60", "start"), null);
	}

	/** Stops the server immediately and deletes its directory. */
	@Override
	public void close() {
		try {
			asPostgres(List.of(BIN.resolve("pg_ctl").toString(), "-D", this.directory.resolve("data").toString(), "-m",
					"immediate", "-w", "stop"), null);
		}
		catch (RuntimeException ex) {
			// already stopped; the directory goes anyway
		}
		LocalResources.deleteRecursively(this.directory);
	}

	private static String asPostgres(List<String> command, String input) {
		List<String> full = new ArrayList<>(List.of("/usr/sbin/runuser", "-u", OS_USER, "--"));
		full.addAll(command);
		return run(full, input);
	}

	private static String run(List<String> command, String input) {
		try {
			ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(false);
			builder.environment().put("PGCONNECT_TIMEOUT", "10");
			builder.directory(Path.of("/").toFile());
			Process process = builder.start();
			try (var stdin = process.getOutputStream()) {
				if (input != null) {
					stdin.write(input.getBytes(StandardCharsets.UTF_8));
				}
			}
			var stderr = process.getErrorStream();
			StringBuilder error = new StringBuilder();
			Thread errReader = new Thread(() -> {
				try {
					error.append(new String(stderr.readAllBytes(), StandardCharsets.UTF_8));
				}
				catch (IOException ex) {
					// the process went away
				}
			});
			errReader.start();
			String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			if (!process.waitFor(120, TimeUnit.SECONDS)) {
				process.destroyForcibly();
				throw new IllegalStateException(command.get(0) + " did not finish within 120 s");
			}
			errReader.join();
			if (process.exitValue() != 0) {
				throw new IllegalStateException(
						String.join(" ", command) + " exited with " + process.exitValue() + ": " + error + output);
			}
			return output;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot run " + command.get(0), ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted while running " + command.get(0), ex);
		}
	}

	private static UserPrincipal lookupOsUser() {
		try {
			return Path.of("/").getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(OS_USER);
		}
		catch (IOException ex) {
			return null;
		}
	}

}
