package io.opsdeck.shared;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.OptionalLong;

/**
 * The one place that names the directory of an Ansible run's SSH control sockets ({@code ControlPath}): {@code
 * odk<pid>-<random>} in {@code java.io.tmpdir}, mode {@code 0700}, where {@code pid} is the Opsdeck process that
 * made it. It lies outside the {@link WorkDirectory} because a socket path may have at most 107 bytes (and ssh adds
 * about 17 to it while binding). The run deletes it when it ends; the owner's process id in the name lets a later
 * sweep tell a crashed process's directories from those of a live Opsdeck on the same host. Directories named
 * {@code odk<random>} (no {@code -}) were made by earlier versions and have no known owner.
 */
public final class ControlSocketDirectory {

	/** Name prefix of every control-socket directory. */
	public static final String PREFIX = "odk";

	private ControlSocketDirectory() {
	}

	/** @return where control-socket directories are made: {@code java.io.tmpdir} */
	public static Path parent() {
		return Path.of(System.getProperty("java.io.tmpdir"));
	}

	/**
	 * Creates a directory for one run's control sockets, owned by this process.
	 * @param parent usually {@link #parent()}
	 * @return the new directory, mode {@code 0700}
	 * @throws UncheckedIOException if it cannot be created
	 */
	public static Path create(Path parent) {
		try {
			return Files.createTempDirectory(parent, PREFIX + ProcessHandle.current().pid() + "-",
					PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** @return whether {@code name} is the name of a control-socket directory, of this version or an earlier one */
	public static boolean isNamed(String name) {
		if (!name.startsWith(PREFIX) || name.length() == PREFIX.length()) {
			return false;
		}
		String rest = name.substring(PREFIX.length());
		int dash = rest.indexOf('-');
		return (dash < 0) ? digits(rest) : (dash > 0 && digits(rest.substring(0, dash))
				&& digits(rest.substring(dash + 1)));
	}

	/**
	 * @param name a directory name for which {@link #isNamed} holds
	 * @return the process id of the Opsdeck that made it; empty for a directory of an earlier version
	 */
	public static OptionalLong owner(String name) {
		int dash = name.indexOf('-');
		if (!isNamed(name) || dash < 0) {
			return OptionalLong.empty();
		}
		try {
			return OptionalLong.of(Long.parseLong(name.substring(PREFIX.length(), dash)));
		}
		catch (NumberFormatException ex) {
			return OptionalLong.empty();
		}
	}

	private static boolean digits(String text) {
		return !text.isEmpty() && text.chars().allMatch((c) -> c >= '0' && c <= '9');
	}

}
