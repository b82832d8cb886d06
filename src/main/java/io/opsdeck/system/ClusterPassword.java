package io.opsdeck.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The password of the embedded cluster's superuser, kept in {@code <data-dir>/pgdata.password}: 32 random bytes as
 * unpadded base64url (43 characters, no quoting needed anywhere), one line, mode 0600. Whoever can read this file can
 * read and change every Opsdeck record, so it is created with its final permissions (never briefly readable by
 * others) and is never logged.
 */
final class ClusterPassword {

	static final String FILE_NAME = "pgdata.password";

	private static final Logger log = LoggerFactory.getLogger(ClusterPassword.class);

	private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

	private static final int RANDOM_BYTES = 32;

	private ClusterPassword() {
	}

	/**
	 * @param file the password file
	 * @return the password it holds, without the line end
	 * @throws IllegalStateException if the file is empty
	 * @throws UncheckedIOException if it cannot be read
	 */
	static String read(Path file) {
		try {
			String password = Files.readString(file, StandardCharsets.US_ASCII).strip();
			if (password.isEmpty()) {
				throw new IllegalStateException("The embedded PostgreSQL password file " + file + " is empty");
			}
			warnIfShared(file);
			return password;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot read the embedded PostgreSQL password file " + file, ex);
		}
	}

	/**
	 * Reads the password file, or writes a new random password to it first: to a temporary file created with mode
	 * 0600, which is then linked to the final name (fails, keeping the other password, if another process won).
	 * @param file the password file
	 * @return the password
	 */
	static String readOrCreate(Path file) {
		if (Files.exists(file)) {
			return read(file);
		}
		byte[] random = new byte[RANDOM_BYTES];
		new SecureRandom().nextBytes(random);
		String password = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
		Path temporary = file.resolveSibling(FILE_NAME + "." + Long.toUnsignedString(new SecureRandom().nextLong(), 36)
				+ ".tmp");
		try {
			Files.createFile(temporary, ownerOnly());
			try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
				channel.write(ByteBuffer.wrap((password + "\n").getBytes(StandardCharsets.US_ASCII)));
				channel.force(true);
			}
			try {
				Files.createLink(file, temporary);
				log.info("Generated the embedded PostgreSQL password in {} (mode 0600)", file);
			}
			catch (FileAlreadyExistsException ex) {
				log.info("Another process created {} first; using its password", file);
			}
			catch (UnsupportedOperationException ex) {
				Files.move(temporary, file);
			}
			return read(file);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot write the embedded PostgreSQL password file " + file, ex);
		}
		finally {
			try {
				Files.deleteIfExists(temporary);
			}
			catch (IOException ex) {
				log.warn("Cannot delete temporary file {}: {}", temporary, ex.getMessage());
			}
		}
	}

	private static FileAttribute<?>[] ownerOnly() {
		boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
		return posix ? new FileAttribute<?>[] { PosixFilePermissions.asFileAttribute(OWNER_ONLY) }
				: new FileAttribute<?>[0];
	}

	private static void warnIfShared(Path file) throws IOException {
		PosixFileAttributeView view = Files.getFileAttributeView(file, PosixFileAttributeView.class);
		if (view != null && view.readAttributes().permissions().stream().anyMatch((p) -> !p.name().startsWith("OWNER_"))) {
			log.warn("{} is readable by other users; restrict it with: chmod 600 {}", file, file);
		}
	}

}
