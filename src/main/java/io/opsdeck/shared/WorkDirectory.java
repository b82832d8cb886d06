package io.opsdeck.shared;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Where runs keep what they were given for their duration (inventories, extra vars files, decrypted key files,
 * SSH control sockets): {@code <data-dir>/work}, readable only by the Opsdeck user. Each run or lease gets its own
 * {@code 0700} directory inside and deletes it when it ends; whatever a crashed process left behind is wiped at the
 * next start. One Opsdeck process per data directory.
 */
public final class WorkDirectory {

	private WorkDirectory() {
	}

	/** @return the work directory of a data directory */
	public static Path of(Path dataDirectory) {
		return dataDirectory.toAbsolutePath().normalize().resolve("work");
	}

	/**
	 * Creates a private directory for one run or lease.
	 * @param dataDirectory Opsdeck's data directory
	 * @param prefix name prefix, e.g. {@code run-}
	 * @return the new directory, mode {@code 0700}
	 * @throws UncheckedIOException if it cannot be created
	 */
	public static Path createPrivate(Path dataDirectory, String prefix) {
		try {
			Path root = of(dataDirectory);
			if (!Files.isDirectory(root)) {
				Files.createDirectories(root.getParent());
				try {
					Files.createDirectory(root,
							PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
				}
				catch (java.nio.file.FileAlreadyExistsException ex) {
					// created concurrently
				}
			}
			return Files.createTempDirectory(root, prefix,
					PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
