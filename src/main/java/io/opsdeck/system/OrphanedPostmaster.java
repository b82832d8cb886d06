package io.opsdeck.system;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stops a PostgreSQL server that an earlier Opsdeck process left running on the cluster, e.g. after {@code kill -9}
 * of the JVM: the server outlives it, and a new start would fail with {@code lock file "postmaster.pid" already
 * exists}. A server is only stopped when all of these hold: {@code postmaster.pid} names a live process, that process
 * runs a {@code postgres} executable with {@code -D <this cluster>}, and no running process holds the cluster's
 * {@code epg-lock} (which every embedded start keeps locked while it owns the server). It gets SIGTERM (smart
 * shutdown: the dead JVM's sessions are gone already), and the start waits for it to exit. A stale pid file is left
 * to PostgreSQL, which removes it itself.
 */
final class OrphanedPostmaster {

	private static final Logger log = LoggerFactory.getLogger(OrphanedPostmaster.class);

	private OrphanedPostmaster() {
	}

	/**
	 * @param cluster the cluster directory ({@code pgdata}), absolute and normalised
	 * @param timeout how long to wait for the server to exit
	 * @throws IllegalStateException if another live process owns the server, or it does not exit within
	 * {@code timeout}
	 */
	static void stopIfRunning(Path cluster, Duration timeout) {
		Optional<ProcessHandle> server = liveServer(cluster);
		if (server.isEmpty()) {
			return;
		}
		long pid = server.get().pid();
		if (lockedByAnother(cluster.resolve("epg-lock"))) {
			throw new IllegalStateException("The embedded PostgreSQL cluster " + cluster + " is in use by another"
					+ " running Opsdeck (server pid " + pid + "). Stop that one first, or give this one its own"
					+ " OPSDECK_DATA_DIR.");
		}
		log.warn("PostgreSQL (pid {}) on {} was left running by an Opsdeck process that did not shut down; stopping it",
				pid, cluster);
		server.get().destroy();
		try {
			server.get().onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
			log.info("Stopped the left-over PostgreSQL (pid {})", pid);
		}
		catch (TimeoutException ex) {
			throw new IllegalStateException("The left-over PostgreSQL (pid " + pid + ") on " + cluster
					+ " did not stop within " + timeout.toSeconds() + " s. Stop it (kill -INT " + pid
					+ ") and start Opsdeck again.");
		}
		catch (ExecutionException ex) {
			throw new IllegalStateException("Could not wait for PostgreSQL (pid " + pid + ") to stop", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while waiting for PostgreSQL (pid " + pid + ") to stop", ex);
		}
	}

	/**
	 * @param cluster the cluster directory, absolute and normalised
	 * @return the live {@code postgres} server process serving {@code cluster} according to its pid file, if any
	 */
	static Optional<ProcessHandle> liveServer(Path cluster) {
		List<String> lines;
		try {
			lines = Files.readAllLines(cluster.resolve("postmaster.pid"), StandardCharsets.UTF_8);
		}
		catch (NoSuchFileException ex) {
			return Optional.empty();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot read " + cluster.resolve("postmaster.pid"), ex);
		}
		long pid;
		try {
			pid = lines.isEmpty() ? -1 : Long.parseLong(lines.get(0).trim());
		}
		catch (NumberFormatException ex) {
			return Optional.empty();
		}
		Optional<ProcessHandle> process = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
		if (process.isEmpty()) {
			log.info("{} names pid {}, which is gone; PostgreSQL replaces the stale file", cluster.resolve(
					"postmaster.pid"), pid);
			return Optional.empty();
		}
		if (!servesCluster(process.get().info(), cluster)) {
			log.warn("{} names pid {}, which is not a PostgreSQL server for this cluster; leaving it alone",
					cluster.resolve("postmaster.pid"), pid);
			return Optional.empty();
		}
		return process;
	}

	private static boolean servesCluster(ProcessHandle.Info info, Path cluster) {
		boolean postgres = info.command().map((command) -> Path.of(command).getFileName().toString())
			.filter("postgres"::equals)
			.isPresent();
		String[] arguments = info.arguments().orElse(new String[0]);
		for (int i = 0; postgres && i < arguments.length - 1; i++) {
			if ("-D".equals(arguments[i]) && Path.of(arguments[i + 1]).toAbsolutePath().normalize().equals(cluster)) {
				return true;
			}
		}
		return false;
	}

	private static boolean lockedByAnother(Path lockFile) {
		if (!Files.exists(lockFile)) {
			return false;
		}
		try (RandomAccessFile file = new RandomAccessFile(lockFile.toFile(), "rw");
				FileLock lock = file.getChannel().tryLock()) {
			return lock == null;
		}
		catch (OverlappingFileLockException ex) {
			return true;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot check the lock " + lockFile, ex);
		}
	}

}
