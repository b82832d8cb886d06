package io.opsdeck.system;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * The embedded PostgreSQL on real clusters in temporary directories: who may connect, durability settings,
 * restarts, a missing password file, and clusters created before passwords.
 */
class EmbeddedClusterIntegrationTests {

	@TempDir
	Path dataDirectory;

	@Test
	void newClusterAdmitsOnlyThePasswordFromTheOwnerOnlyFile() throws Exception {
		try (EmbeddedCluster cluster = EmbeddedCluster.start(dataDirectory, 0, true)) {
			Path passwordFile = dataDirectory.resolve("pgdata.password");
			assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(passwordFile))).isEqualTo("rw-------");
			String password = Files.readString(passwordFile).strip();
			assertThat(password).hasSize(43).isEqualTo(cluster.password());

			assertThatExceptionOfType(SQLException.class).isThrownBy(() -> connect(cluster, null))
				.withMessageContaining("password");
			assertThatExceptionOfType(SQLException.class).isThrownBy(() -> connect(cluster, "postgres"))
				.withMessageContaining("password authentication failed");
			try (Connection connection = connect(cluster, password)) {
				assertThat(show(connection, "password_encryption")).isEqualTo("scram-sha-256");
				assertThat(query(connection, "select rolpassword from pg_authid where rolname = 'postgres'"))
					.startsWith("SCRAM-SHA-256$");
				assertThat(show(connection, "unix_socket_directories"))
					.isEqualTo(dataDirectory.resolve("pgsocket").toString());
			}
			assertThatEveryLineRequiresScram(dataDirectory.resolve("pgdata/pg_hba.conf"));
			Path socketDirectory = dataDirectory.resolve("pgsocket");
			assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(socketDirectory)))
				.isEqualTo("rwx------");
			assertThat(socketDirectory.resolve(".s.PGSQL." + cluster.port())).exists();
		}
	}

	@Test
	void durableByDefaultAndFastOnlyWhenAsked() throws Exception {
		try (EmbeddedCluster cluster = EmbeddedCluster.start(dataDirectory, 0, true);
				Connection connection = connect(cluster, cluster.password())) {
			assertThat(show(connection, "fsync")).isEqualTo("on");
			assertThat(show(connection, "synchronous_commit")).isEqualTo("on");
			assertThat(show(connection, "full_page_writes")).isEqualTo("on");
		}
		try (EmbeddedCluster cluster = EmbeddedCluster.start(dataDirectory, 0, false);
				Connection connection = connect(cluster, cluster.password())) {
			assertThat(show(connection, "fsync")).isEqualTo("off");
			assertThat(show(connection, "synchronous_commit")).isEqualTo("off");
		}
	}

	@Test
	void restartKeepsDataAndPassword() throws Exception {
		String password;
		try (EmbeddedCluster cluster = EmbeddedCluster.start(dataDirectory, 0, true);
				Connection connection = connect(cluster, cluster.password())) {
			password = cluster.password();
			execute(connection, "create table kept (value text)", "insert into kept values ('before restart')");
		}
		try (EmbeddedCluster cluster = EmbeddedCluster.start(dataDirectory, 0, true);
				Connection connection = connect(cluster, password)) {
			assertThat(query(connection, "select value from kept")).isEqualTo("before restart");
		}
	}

	@Test
	void refusesToStartWhenThePasswordFileIsMissing() throws Exception {
		try (EmbeddedCluster cluster = EmbeddedCluster.start(dataDirectory, 0, false)) {
			assertThat(cluster.port()).isPositive();
		}
		Files.delete(dataDirectory.resolve("pgdata.password"));

		assertThatIllegalStateException().isThrownBy(() -> EmbeddedCluster.start(dataDirectory, 0, false))
			.withMessageContaining("pgdata.password")
			.withMessageContaining("is missing");
		assertThat(dataDirectory.resolve("pgdata/PG_VERSION")).as("the cluster is left as it was").exists();
		assertThat(dataDirectory.resolve("pgdata.password")).doesNotExist();
	}

	@Test
	void clusterCreatedBeforePasswordsIsMigratedWithItsData() throws Exception {
		Path pgdata = dataDirectory.resolve("pgdata");
		try (EmbeddedPostgres legacy = EmbeddedPostgres.builder()
			.setDataDirectory(pgdata)
			.setCleanDataDirectory(false)
			.setRegisterShutdownHook(false)
			.start(); Connection connection = legacy.getPostgresDatabase().getConnection()) {
			execute(connection, "create table kept (value text)", "insert into kept values ('from the old days')");
		}
		assertThat(Files.readString(pgdata.resolve("pg_hba.conf"))).contains("trust");

		try (EmbeddedCluster cluster = EmbeddedCluster.start(dataDirectory, 0, true)) {
			String password = Files.readString(dataDirectory.resolve("pgdata.password")).strip();
			assertThat(password).isEqualTo(cluster.password());
			assertThatExceptionOfType(SQLException.class).isThrownBy(() -> connect(cluster, null));
			try (Connection connection = connect(cluster, password)) {
				assertThat(query(connection, "select value from kept")).isEqualTo("from the old days");
			}
			assertThatEveryLineRequiresScram(pgdata.resolve("pg_hba.conf"));
		}
	}

	static Connection connect(EmbeddedCluster cluster, String password) throws SQLException {
		Properties properties = new Properties();
		properties.setProperty("user", "postgres");
		if (password != null) {
			properties.setProperty("password", password);
		}
		return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + cluster.port() + "/postgres", properties);
	}

	static String query(Connection connection, String sql) throws SQLException {
		try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(sql)) {
			assertThat(result.next()).as(sql).isTrue();
			return result.getString(1);
		}
	}

	static void execute(Connection connection, String... statements) throws SQLException {
		try (Statement statement = connection.createStatement()) {
			for (String sql : statements) {
				statement.execute(sql);
			}
		}
	}

	private static String show(Connection connection, String setting) throws SQLException {
		return query(connection, "show " + setting);
	}

	private static void assertThatEveryLineRequiresScram(Path hba) throws IOException {
		List<String> rules = Files.readAllLines(hba).stream().map(String::strip)
			.filter((line) -> !line.isEmpty() && !line.startsWith("#"))
			.toList();
		assertThat(rules).isNotEmpty()
			.allSatisfy((rule) -> assertThat(rule).endsWith("scram-sha-256").doesNotContain("trust"));
		assertThat(rules).anySatisfy((rule) -> assertThat(rule).startsWith("host").contains("127.0.0.1/32"));
	}

}
