package io.opsdeck.system;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.OptionalLong;
import java.util.stream.Stream;

import io.opsdeck.shared.ControlSocketDirectory;

/**
 * Deletes the SSH control-socket directories ({@link ControlSocketDirectory}) a crashed Opsdeck left in the temp
 * directory. A run deletes its own when it ends; after a crash they stay (their masters exit on their own,
 * {@code ControlPersist} after their last use). A directory is deleted only when all of these hold:
 * <ul>
 * <li>its owner, the process id in its name, is not alive: never one of this node's runs, nor of another Opsdeck
 * on the same host;</li>
 * <li>nothing in it changed for {@link #OWNED_AGE} ({@link #UNOWNED_AGE} for a directory of an earlier version,
 * whose owner is unknown): every master of a dead owner has exited by then, and it guards a live owner this process
 * cannot see (another process-id namespace sharing {@code /tmp});</li>
 * <li>no live process names it on its command line (a master still alive: left for the next sweep);</li>
 * <li>it is a directory of this user (not a symbolic link).</li>
 * </ul>
 */
final class StaleControlSockets {

	/** Quiet time after which a directory whose owner is dead is deleted: 4 × {@code ControlPersist=30s}. */
	static final Duration OWNED_AGE = Duration.ofMinutes(2);

	/** Quiet time after which a directory of unknown owner (an earlier version's) is deleted. */
	static final Duration UNOWNED_AGE = Duration.ofHours(1);

	private StaleControlSockets() {
	}

	/**
	 * @param parent where the directories are, usually {@link ControlSocketDirectory#parent()}
	 * @param now the current time
	 * @return the directories deleted; never throws for a directory it cannot read or delete (left as it is)
	 */
	static List<Path> sweep(Path parent, Instant now) {
		List<Path> candidates = new ArrayList<>();
		try (Stream<Path> entries = Files.list(parent)) {
			entries.filter((path) -> ControlSocketDirectory.isNamed(path.getFileName().toString()))
				.filter((path) -> Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS))
				.filter((path) -> stale(path, now))
				.forEach(candidates::add);
		}
		catch (IOException | RuntimeException ex) {
			return List.of();
		}
		if (candidates.isEmpty()) {
			return List.of();
		}
		List<String> commandLines = commandLines();
		List<Path> deleted = new ArrayList<>();
		for (Path directory : candidates) {
			String marker = directory + "/";
			if (commandLines.stream().noneMatch((line) -> line.contains(marker)) && delete(directory)) {
				deleted.add(directory);
			}
		}
		return deleted;
	}

	private static boolean stale(Path directory, Instant now) {
		OptionalLong owner = ControlSocketDirectory.owner(directory.getFileName().toString());
		if (owner.isPresent() && (owner.getAsLong() == ProcessHandle.current().pid()
				|| ProcessHandle.of(owner.getAsLong()).map(ProcessHandle::isAlive).orElse(false))) {
			return false;
		}
		try {
			if (!Files.getOwner(directory, LinkOption.NOFOLLOW_LINKS).getName()
				.equals(System.getProperty("user.name"))) {
				return false;
			}
			Instant changed = Files.getLastModifiedTime(directory, LinkOption.NOFOLLOW_LINKS).toInstant();
			Duration age = owner.isPresent() ? OWNED_AGE : UNOWNED_AGE;
			return !changed.plus(age).isAfter(now);
		}
		catch (IOException ex) {
			return false;
		}
	}

	/** @return every live process's command line (other than this one's), arguments separated by spaces */
	private static List<String> commandLines() {
		List<String> lines = new ArrayList<>();
		long self = ProcessHandle.current().pid();
		try (Stream<Path> entries = Files.list(Path.of("/proc"))) {
			entries.filter((path) -> path.getFileName().toString().chars().allMatch(Character::isDigit))
				.filter((path) -> Long.parseLong(path.getFileName().toString()) != self)
				.forEach((path) -> {
					try {
						lines.add(new String(Files.readAllBytes(path.resolve("cmdline")), StandardCharsets.UTF_8)
							.replace('\0', ' '));
					}
					catch (IOException | RuntimeException ex) {
						// exited meanwhile, or not ours to read
					}
				});
		}
		catch (IOException | RuntimeException ex) {
			// no /proc: ProcessHandle's view, which may cut long command lines
			ProcessHandle.allProcesses()
				.filter((process) -> process.pid() != self)
				.forEach((process) -> process.info().commandLine().ifPresent(lines::add));
		}
		return lines;
	}

	private static boolean delete(Path directory) {
		try (Stream<Path> paths = Files.walk(directory)) {
			for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
				Files.deleteIfExists(path);
			}
			return true;
		}
		catch (IOException | RuntimeException ex) {
			return false;
		}
	}

}
