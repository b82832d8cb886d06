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

	/**
	 * The variable every process a run starts carries ({@code ansible-playbook}, a local-connection command, and
	 * whatever they start, as children inherit it): the work directory of the Opsdeck that started it. The next
	 * start on the same data directory stops the processes that carry it, so that a run a crash marked
	 * {@code INTERRUPTED} has nothing left running on the Opsdeck host (found by the breaker, round 7).
	 */
	public static final String OWNER_VARIABLE = "OPSDECK_WORK_DIRECTORY";

	private WorkDirectory() {
	}

	/**
	 * @param dataDirectory Opsdeck's data directory
	 * @return {@link #OWNER_VARIABLE} set to that data directory's work directory, for a child's environment
	 */
	public static java.util.Map<String, String> ownerVariable(Path dataDirectory) {
		return java.util.Map.of(OWNER_VARIABLE, of(dataDirectory).toString());
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
