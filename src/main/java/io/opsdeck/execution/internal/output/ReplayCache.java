package io.opsdeck.execution.internal.output;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;

/**
 * Files of the whole plain-text log of finished runs, in {@code <data-dir>/replay-cache} ({@code 0700}), so that a
 * replay of a log that was replayed before is a file the web server can hand to the kernel ({@code sendfile}), with no
 * database read, decompression or copy in the JVM. This class is the index and its bound; {@link ReplayRecorder}
 * makes the files (off the replay's thread). A file is kept under a name made of the run, whether lines carry a host
 * prefix, and the number and last line of the run's stored chunks: stored chunks are only ever appended, so a file is
 * served only while the database still holds exactly the chunks it was made from, and a file whose run has more
 * chunks now can never be served again and is deleted when that is seen.
 * <p>
 * Bounded by {@code opsdeck.replay.cache-size} (default 1 GB; 0 turns the cache off): the least recently served files
 * go first, except those served within the last minute (the web server opens the file after the request's handler
 * returns). Only logs of at least {@value #MIN_LOG_BYTES} bytes and at most a quarter of the bound are kept. The
 * directory is emptied when Opsdeck starts; nothing outside it is touched. One Opsdeck process per data directory.
 */
@Component
public class ReplayCache {

	private static final Logger log = LoggerFactory.getLogger(ReplayCache.class);

	/** Smaller logs replay from the database in a few milliseconds; not worth a file. */
	static final long MIN_LOG_BYTES = 1024 * 1024;

	/** A file served this recently is not evicted: its bytes may still be on their way. */
	static final long IN_USE_MILLIS = 60_000;

	private final JdbcTemplate jdbc;

	private final @Nullable Path directory;

	private final long maxBytes;

	/** File name → entry, least recently served first; guarded by {@code this}. */
	private final LinkedHashMap<String, Entry> entries = new LinkedHashMap<>(16, 0.75f, true);

	private long totalBytes;

	/**
	 * @param dataDirectory {@code opsdeck.data-directory}
	 * @param size {@code opsdeck.replay.cache-size}; 0 turns the cache off
	 * @throws IllegalArgumentException if the size is negative
	 * @throws UncheckedIOException if the directory cannot be made or emptied
	 */
	ReplayCache(JdbcTemplate jdbc, @Value("${opsdeck.data-directory}") Path dataDirectory,
			@Value("${opsdeck.replay.cache-size:1GB}") DataSize size) {
		if (size.isNegative()) {
			throw new IllegalArgumentException("opsdeck.replay.cache-size must not be negative, was " + size);
		}
		this.jdbc = jdbc;
		this.maxBytes = size.toBytes();
		this.directory = (maxBytes > 0) ? prepare(dataDirectory.toAbsolutePath().normalize().resolve("replay-cache"))
				: null;
	}

	/** Creates the directory, or empties it: a file left by an earlier process is not in this one's accounting. */
	private static Path prepare(Path directory) {
		try {
			if (Files.isDirectory(directory)) {
				try (Stream<Path> files = Files.list(directory)) {
					for (Path file : (Iterable<Path>) files::iterator) {
						Files.deleteIfExists(file);
					}
				}
			}
			else {
				Files.createDirectories(directory.getParent());
				try {
					Files.createDirectory(directory,
							PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
				}
				catch (FileAlreadyExistsException ex) {
					// created concurrently
				}
			}
			return directory;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** @return whether the cache is on ({@code opsdeck.replay.cache-size} above 0) */
	boolean enabled() {
		return directory != null;
	}

	/**
	 * What a file of a run's whole log would be made from, or {@code null} when the cache is off or the log's size is
	 * outside what it keeps. Only for a run that has ended and whose output no longer lives in memory.
	 * @param prefixHosts whether the replay prefixes lines with their host
	 */
	public @Nullable Key key(UUID runId, boolean prefixHosts) {
		if (directory == null) {
			return null;
		}
		Key key = jdbc.queryForObject("select " + CHUNK_STATS + " from run_output_chunks where run_id = ?",
				(rs, i) -> keyOf(runId, prefixHosts, rs.getLong(1), rs.getLong(2), rs.getLong(3)), runId);
		return key;
	}

	/**
	 * The columns {@link #keyOf} takes, in its order, as SQL over {@code run_output_chunks} rows of one run: count,
	 * last line, text bytes (0 when there is no chunk).
	 */
	public static final String CHUNK_STATS = "count(*), coalesce(max(last_seq), 0), coalesce(sum(text_bytes), 0)";

	/**
	 * Like {@link #key(UUID, boolean)} from chunk statistics the caller read itself ({@link #CHUNK_STATS}, e.g. in the
	 * same statement as the run's status), so that a replay needs no query of its own for the key.
	 * @return the key, or {@code null} when the cache is off or the log's size is outside what it keeps
	 */
	public @Nullable Key keyOf(UUID runId, boolean prefixHosts, long chunks, long lastSeq, long textBytes) {
		if (directory == null || textBytes < MIN_LOG_BYTES || textBytes > maxBytes / 4) {
			return null;
		}
		return new Key(runId, prefixHosts, chunks, lastSeq, textBytes);
	}

	/**
	 * @return the file of this key's log and its size, marked as just served, or {@code null} if there is none (a file
	 * of the same run made from fewer chunks is deleted then: it can never be served again)
	 */
	public synchronized @Nullable CachedLog find(Key key) {
		Entry entry = entries.get(key.fileName());
		if (entry == null) {
			dropSuperseded(key);
			return null;
		}
		if (!Files.isRegularFile(entry.file)) { // removed from outside
			entries.remove(key.fileName());
			totalBytes -= entry.bytes;
			return null;
		}
		entry.servedAt = System.currentTimeMillis();
		return new CachedLog(entry.file, entry.bytes);
	}

	/**
	 * @return a new empty file ({@code 0600}) in the cache's directory for writing this key's log
	 * @throws IOException if it cannot be made, or the cache is off
	 */
	Path newFile(Key key) throws IOException {
		Path dir = directory;
		if (dir == null) {
			throw new IOException("the replay cache is off");
		}
		return Files.createTempFile(dir, key.runId() + "-", ".part",
				PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
	}

	/**
	 * Puts a finished file in place as this key's log and evicts the least recently served files over the bound.
	 * @param written a file from {@link #newFile(Key)} holding exactly the log's {@code bytes} bytes
	 * @throws IOException if it cannot be renamed (the caller deletes it)
	 */
	synchronized void keep(Key key, Path written, long bytes) throws IOException {
		Path file = written.resolveSibling(key.fileName());
		Files.move(written, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
		Entry old = entries.put(key.fileName(), new Entry(file, bytes));
		if (old != null) {
			totalBytes -= old.bytes;
		}
		totalBytes += bytes;
		dropSuperseded(key);
		long now = System.currentTimeMillis();
		for (Iterator<Map.Entry<String, Entry>> it = entries.entrySet().iterator(); it.hasNext()
				&& totalBytes > maxBytes;) {
			Entry entry = it.next().getValue();
			if (entry.file.equals(file) || now - entry.servedAt < IN_USE_MILLIS) {
				continue;
			}
			if (delete(entry.file)) {
				it.remove();
				totalBytes -= entry.bytes;
			}
		}
	}

	/** Deletes the files of {@code key}'s run and prefix mode made from other chunks, unless served within a minute. */
	private void dropSuperseded(Key key) {
		String run = key.runPrefix();
		long now = System.currentTimeMillis();
		for (Iterator<Map.Entry<String, Entry>> it = entries.entrySet().iterator(); it.hasNext();) {
			Map.Entry<String, Entry> e = it.next();
			Entry entry = e.getValue();
			if (e.getKey().startsWith(run) && !e.getKey().equals(key.fileName())
					&& now - entry.servedAt >= IN_USE_MILLIS && delete(entry.file)) {
				it.remove();
				totalBytes -= entry.bytes;
			}
		}
	}

	private static boolean delete(Path file) {
		try {
			Files.deleteIfExists(file);
			return true;
		}
		catch (IOException ex) {
			log.warn("Replay cache: cannot delete {}: {}", file, ex.toString());
			return false;
		}
	}

	/** @return bytes in the cache's files (not counting files being written) */
	synchronized long totalBytes() {
		return totalBytes;
	}

	/**
	 * What identifies a run's whole log: the run, whether lines carry a host prefix, and its stored chunks (count,
	 * last line, text bytes as counted when stored).
	 */
	public record Key(UUID runId, boolean prefixHosts, long chunks, long lastSeq, long textBytes) {

		String fileName() {
			return runPrefix() + chunks + "-" + lastSeq + ".log";
		}

		/** The part of the file name that names the run and the prefix mode. */
		String runPrefix() {
			return runId + (prefixHosts ? "-h-" : "-p-");
		}

	}

	/** A cached log: the file (absolute) and its exact size in bytes. */
	public record CachedLog(Path file, long bytes) {
	}

	private static final class Entry {

		final Path file;

		final long bytes;

		/** When last served from the file (0: never; the replay that wrote it read the database). */
		long servedAt;

		Entry(Path file, long bytes) {
			this.file = file;
			this.bytes = bytes;
		}

	}

}
