package io.opsdeck.system;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who may connect to the embedded cluster, written into its configuration before every start: {@code pg_hba.conf}
 * demands a SCRAM-SHA-256 password for every local and host connection, and {@code opsdeck.conf} (included from
 * {@code postgresql.conf}) listens on loopback only and puts the Unix socket into a directory only the Opsdeck user
 * can enter (mode 0700). Both files are rewritten at every start; edits to them are lost.
 */
final class ClusterAccess {

	static final String SETTINGS_FILE = "opsdeck.conf";

	static final String HBA_FILE = "pg_hba.conf";

	private static final Logger log = LoggerFactory.getLogger(ClusterAccess.class);

	private static final String INCLUDE = "include_if_exists = '" + SETTINGS_FILE + "'";

	/** {@code sun_path} holds 108 bytes on Linux, less the NUL and {@code /.s.PGSQL.65535}. */
	private static final int MAX_SOCKET_DIRECTORY_BYTES = 107 - "/.s.PGSQL.65535".length();

	private static final Set<PosixFilePermission> OWNER_ONLY_DIRECTORY = PosixFilePermissions.fromString("rwx------");

	private static final String HBA = """
			# Written by Opsdeck before every start of the embedded PostgreSQL; edits here are lost.
			# Every connection needs the password in ../pgdata.password (SCRAM-SHA-256).
			# TYPE  DATABASE     USER  ADDRESS       METHOD
			local   all          all                 scram-sha-256
			host    all          all   127.0.0.1/32  scram-sha-256
			host    all          all   ::1/128       scram-sha-256
			local   replication  all                 scram-sha-256
			host    replication  all   127.0.0.1/32  scram-sha-256
			host    replication  all   ::1/128       scram-sha-256
			""";

	private ClusterAccess() {
	}

	/**
	 * @param cluster the cluster directory ({@code pgdata})
	 * @return whether {@code pg_hba.conf} lets any connection in without a password ({@code trust}), as clusters
	 * created before Opsdeck set a password do
	 * @throws IOException if the file cannot be read
	 */
	static boolean trustsConnections(Path cluster) throws IOException {
		Path hba = cluster.resolve(HBA_FILE);
		if (!Files.exists(hba)) {
			return false;
		}
		for (String line : Files.readAllLines(hba, StandardCharsets.UTF_8)) {
			int comment = line.indexOf('#');
			String content = (comment < 0) ? line : line.substring(0, comment);
			if (Arrays.asList(content.trim().split("\\s+")).contains("trust")) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Replaces {@code pg_hba.conf} (atomically) with rules that demand a SCRAM-SHA-256 password on every connection.
	 * @param cluster the cluster directory
	 * @throws IOException if the file cannot be written
	 */
	static void requirePasswords(Path cluster) throws IOException {
		replace(cluster.resolve(HBA_FILE), HBA);
	}

	/**
	 * Writes {@code opsdeck.conf} (loopback only, private socket directory, SCRAM for new passwords) and makes
	 * {@code postgresql.conf} include it. Creates {@code socketDirectory} with mode 0700, or tightens it to 0700. A
	 * directory path too long for a Unix socket switches Unix sockets off (Opsdeck connects over TCP anyway).
	 * @param cluster the cluster directory
	 * @param socketDirectory where the server's Unix socket goes
	 * @throws IOException if a file or the directory cannot be written
	 */
	static void writeServerSettings(Path cluster, Path socketDirectory) throws IOException {
		String directories = "";
		if (socketDirectory.toString().getBytes(StandardCharsets.UTF_8).length <= MAX_SOCKET_DIRECTORY_BYTES) {
			privateDirectory(socketDirectory);
			directories = socketDirectory.toString();
		}
		else {
			log.warn("Socket directory {} is too long for a Unix socket; the embedded PostgreSQL listens on TCP only",
					socketDirectory);
		}
		replace(cluster.resolve(SETTINGS_FILE), """
				# Written by Opsdeck before every start of the embedded PostgreSQL; edits here are lost.
				listen_addresses = 'localhost'
				unix_socket_directories = '%s'
				unix_socket_permissions = 0700
				password_encryption = 'scram-sha-256'
				""".formatted(directories.replace("'", "''")));
		Path conf = cluster.resolve("postgresql.conf");
		List<String> lines = Files.readAllLines(conf, StandardCharsets.UTF_8);
		if (lines.stream().noneMatch((line) -> line.trim().equals(INCLUDE))) {
			Files.writeString(conf, "\n# Opsdeck's settings: listen address, private socket directory\n" + INCLUDE + "\n",
					StandardCharsets.UTF_8, StandardOpenOption.APPEND);
		}
	}

	private static void privateDirectory(Path directory) throws IOException {
		if (!posix()) {
			Files.createDirectories(directory);
			return;
		}
		if (!Files.isDirectory(directory)) {
			Files.createDirectories(directory, PosixFilePermissions.asFileAttribute(OWNER_ONLY_DIRECTORY));
		}
		Files.setPosixFilePermissions(directory, OWNER_ONLY_DIRECTORY);
	}

	private static void replace(Path file, String content) throws IOException {
		Path temporary = file.resolveSibling(file.getFileName() + ".opsdeck-tmp");
		Files.deleteIfExists(temporary);
		FileAttribute<?>[] attributes = posix()
				? new FileAttribute<?>[] { PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")) }
				: new FileAttribute<?>[0];
		Files.createFile(temporary, attributes);
		Files.writeString(temporary, content, StandardCharsets.UTF_8);
		Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
	}

	private static boolean posix() {
		return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
	}

}
