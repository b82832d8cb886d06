package io.opsdeck.logs.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.opsdeck.execution.RemoteRead;
import io.opsdeck.execution.RemoteReads;
import io.opsdeck.identity.Actor;
import io.opsdeck.shared.ConflictException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;

/**
 * Reads from a server's journal straight over SSH ({@link RemoteReads}), not as runs: a container's log (once or
 * followed), the container names there are, and the journal's disk usage. Reads change nothing, so they are not
 * kept in run history; each one is logged (who, which server, which query) at INFO. At most
 * {@code opsdeck.logs.max-follows} followed logs are open at once on one Opsdeck node, since each holds an SSH
 * connection and a thread.
 */
@Service
public class LogReads {

	private static final Logger log = LoggerFactory.getLogger(LogReads.class);

	/** The seed's containers, always offered in the picker. */
	public static final List<String> SEED_CONTAINERS = List.of("django", "postgres", "redis", "caddy", "celeryworker");

	/**
	 * Container names on the server: running containers (when Docker is there and the user may ask it) and every
	 * name or compose service the journal has entries for. Fixed text; failures are silent.
	 */
	static final String CONTAINERS_COMMAND = "docker ps --format '{{.Names}}' 2>/dev/null; "
			+ "journalctl -F CONTAINER_NAME 2>/dev/null; journalctl -F COM_DOCKER_COMPOSE_SERVICE 2>/dev/null; true";

	static final String DISK_USAGE_COMMAND = "journalctl --disk-usage";

	private static final Pattern USAGE = Pattern.compile("take up ([0-9.]+)([BKMGTP]?)");

	private static final Duration SHORT_READ = Duration.ofSeconds(30);

	private final RemoteReads remote;

	private final Semaphore follows;

	private final int maxFollows;

	LogReads(RemoteReads remote, @Value("${opsdeck.logs.max-follows:16}") int maxFollows) {
		this.remote = remote;
		this.maxFollows = maxFollows;
		this.follows = new Semaphore(maxFollows);
	}

	/**
	 * Starts a log read. The caller streams {@link RemoteRead#stdout()} and closes the result (which stops a
	 * followed journalctl on the server and frees its slot).
	 * @throws ConflictException when {@code opsdeck.logs.max-follows} followed logs are already open
	 * @throws io.opsdeck.execution.RemoteReadException when the server cannot be reached
	 */
	public RemoteRead open(UUID serverId, LogQuery query, Actor actor) {
		if (query.follow() && !follows.tryAcquire()) {
			throw new ConflictException("Opsdeck already follows " + maxFollows
					+ " logs (opsdeck.logs.max-follows); close one and try again");
		}
		log.info("{} reads the log of {} on server {}: {}", actor.display(), query.container(), serverId,
				query.command());
		try {
			long started = System.nanoTime();
			RemoteRead read = remote.start(serverId, query.command());
			log.debug("started on the server in {} ms", (System.nanoTime() - started) / 1_000_000);
			return query.follow() ? new Released(read, follows) : read;
		}
		catch (RuntimeException ex) {
			if (query.follow()) {
				follows.release();
			}
			throw ex;
		}
	}

	/**
	 * @return the seed's containers and every container name found on the server, sorted; only the seed's when the
	 * server cannot be read
	 */
	public List<String> containers(UUID serverId) {
		TreeSet<String> names = new TreeSet<>(SEED_CONTAINERS);
		String found;
		try {
			found = readAll(serverId, CONTAINERS_COMMAND).output();
		}
		catch (RuntimeException ex) {
			return List.copyOf(names);
		}
		for (String line : found.split("\n")) {
			String name = line.strip();
			if (JournalCommand.CONTAINER.matcher(name).matches()) {
				names.add(name);
			}
		}
		return List.copyOf(names);
	}

	/**
	 * @return the journal's disk usage as journalctl reports it
	 * @throws io.opsdeck.execution.RemoteReadException when the server cannot be reached
	 */
	public JournalUsage usage(UUID serverId) {
		Output result = readAll(serverId, DISK_USAGE_COMMAND);
		String text = (result.output() + result.errors()).strip();
		Matcher matcher = USAGE.matcher(result.output());
		Long bytes = matcher.find() ? bytes(matcher.group(1), matcher.group(2)) : null;
		return new JournalUsage(bytes, text);
	}

	/**
	 * @param bytes journal files' size in bytes ({@code null} when journalctl's answer did not say)
	 * @param text what journalctl printed, e.g. {@code Archived and active journals take up 24.0M in the file
	 * system.}
	 */
	public record JournalUsage(@Nullable Long bytes, String text) {
	}

	static long bytes(String number, String unit) {
		double value = Double.parseDouble(number);
		int power = "BKMGTP".indexOf(unit.isEmpty() ? "B" : unit.toUpperCase(Locale.ROOT));
		return Math.round(value * Math.pow(1024, Math.max(0, power)));
	}

	private Output readAll(UUID serverId, String command) {
		try (RemoteRead read = remote.start(serverId, command); InputStream in = read.stdout()) {
			// a hanging command is stopped after the short read time, which ends the stream
			java.util.concurrent.CompletableFuture.delayedExecutor(SHORT_READ.toSeconds(), java.util.concurrent.TimeUnit.SECONDS)
				.execute(read::close);
			byte[] bytes = in.readNBytes(256 * 1024);
			read.awaitExit(SHORT_READ);
			return new Output(new String(bytes, StandardCharsets.UTF_8), read.stderr());
		}
		catch (IOException ex) {
			return new Output("", "");
		}
	}

	private record Output(String output, String errors) {
	}

	/** Gives the follow slot back on (the first) close. */
	private static final class Released implements RemoteRead {

		private final RemoteRead read;

		private final Semaphore slots;

		private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();

		Released(RemoteRead read, Semaphore slots) {
			this.read = read;
			this.slots = slots;
		}

		@Override
		public InputStream stdout() {
			return read.stdout();
		}

		@Override
		public String stderr() {
			return read.stderr();
		}

		@Override
		public @Nullable Integer awaitExit(Duration timeout) {
			return read.awaitExit(timeout);
		}

		@Override
		public void close() {
			if (closed.compareAndSet(false, true)) {
				try {
					read.close();
				}
				finally {
					slots.release();
				}
			}
		}

	}

}
