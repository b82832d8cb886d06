package io.opsdeck.execution.internal.output;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
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
 * database read, decompression or copy in the JVM. A file is written beside the first whole replay of a finished run
 * (the bytes the client got, as they went out) and kept under a name made of the run, whether lines carry a host
 * prefix, and the number and last line of the run's stored chunks: stored chunks are only ever appended, so a file is
 * served only while the database still holds exactly the chunks it was made from.
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

	/** Names being written by a replay; guarded by {@code this}. */
	private final Set<String> recording = new HashSet<>();

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

	/**
	 * What a file of a run's whole log would be made from, or {@code null} when the cache is off or the log's size is
	 * outside what it keeps. Only for a run that has ended and whose output no longer lives in memory.
	 * @param prefixHosts whether the replay prefixes lines with their host
	 */
	public @Nullable Key key(UUID runId, boolean prefixHosts) {
		if (directory == null) {
			return null;
		}
		Key key = jdbc.queryForObject("select count(*), coalesce(max(last_seq), 0), coalesce(sum(text_bytes), 0)"
				+ " from run_output_chunks where run_id = ?",
				(rs, i) -> new Key(runId, prefixHosts, rs.getLong(1), rs.getLong(2), rs.getLong(3)), runId);
		if (key == null || key.textBytes() < MIN_LOG_BYTES || key.textBytes() > maxBytes / 4) {
			return null;
		}
		return key;
	}

	/**
	 * @return the file of this key's log and its size, marked as just served, or {@code null} if there is none
	 */
	public synchronized @Nullable CachedLog find(Key key) {
		Entry entry = entries.get(key.fileName());
		if (entry == null) {
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
	 * Starts writing a file of this key's log beside a replay: what is written to the returned recording's
	 * {@link Recording#stream()} goes to {@code out} and to the file. Nothing is recorded (the stream is {@code out})
	 * when another replay is already recording the same log or the file cannot be made.
	 */
	public Recording record(Key key, OutputStream out) {
		Path dir = directory;
		if (dir == null) {
			return new Recording(out, null, null, key);
		}
		synchronized (this) {
			if (!recording.add(key.fileName())) {
				return new Recording(out, null, null, key);
			}
		}
		try {
			Path temp = Files.createTempFile(dir, key.runId() + "-", ".part",
					PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
			return new Recording(out, temp, Files.newOutputStream(temp), key);
		}
		catch (IOException ex) {
			log.warn("Replay cache: cannot create a file in {}: {}", dir, ex.toString());
			synchronized (this) {
				recording.remove(key.fileName());
			}
			return new Recording(out, null, null, key);
		}
	}

	/** @return bytes in the cache's files (not counting files being written) */
	synchronized long totalBytes() {
		return totalBytes;
	}

	private synchronized void add(Key key, Path file, long bytes) {
		Entry old = entries.put(key.fileName(), new Entry(file, bytes));
		if (old != null) {
			totalBytes -= old.bytes;
		}
		totalBytes += bytes;
		long now = System.currentTimeMillis();
		for (Iterator<Map.Entry<String, Entry>> it = entries.entrySet().iterator(); it.hasNext()
				&& totalBytes > maxBytes;) {
			Entry entry = it.next().getValue();
			if (entry.file.equals(file) || now - entry.servedAt < IN_USE_MILLIS) {
				continue;
			}
			try {
				Files.deleteIfExists(entry.file);
			}
			catch (IOException ex) {
				log.warn("Replay cache: cannot delete {}: {}", entry.file, ex.toString());
				continue;
			}
			it.remove();
			totalBytes -= entry.bytes;
		}
	}

	private synchronized void finished(Key key) {
		recording.remove(key.fileName());
	}

	/**
	 * What identifies a run's whole log: the run, whether lines carry a host prefix, and its stored chunks (count,
	 * last line, text bytes as counted when stored).
	 */
	public record Key(UUID runId, boolean prefixHosts, long chunks, long lastSeq, long textBytes) {

		String fileName() {
			return runId + (prefixHosts ? "-h-" : "-p-") + chunks + "-" + lastSeq + ".log";
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

	/**
	 * A file being written beside one replay. {@link #commit(Key)} keeps it when the replay has written the whole log
	 * and the run's chunks are still the ones it began with; {@link #close()} without a commit deletes it. A failure
	 * writing the file ends the recording, never the replay.
	 */
	public final class Recording implements AutoCloseable {

		private final OutputStream stream;

		private @Nullable Path temp;

		private @Nullable OutputStream file;

		private final Key key;

		/** Whether this recording holds the key's place in {@link #recording} (it made a file). */
		private final boolean owner;

		private long bytes;

		Recording(OutputStream out, @Nullable Path temp, @Nullable OutputStream file, Key key) {
			this.owner = file != null;
			this.temp = temp;
			this.file = file;
			this.key = key;
			this.stream = (file == null) ? out : new FilterOutputStream(out) {

				@Override
				public void write(int b) throws IOException {
					out.write(b);
					record(new byte[] { (byte) b }, 0, 1);
				}

				@Override
				public void write(byte[] b, int off, int len) throws IOException {
					out.write(b, off, len);
					record(b, off, len);
				}

			};
		}

		/** @return where the replay writes: the client's stream, and the file while recording */
		public OutputStream stream() {
			return stream;
		}

		private void record(byte[] b, int off, int len) {
			OutputStream to = file;
			if (to == null) {
				return;
			}
			try {
				to.write(b, off, len);
				bytes += len;
			}
			catch (IOException ex) {
				log.warn("Replay cache: writing {} failed: {}", temp, ex.toString());
				discard();
			}
		}

		/**
		 * Keeps the file if the run's chunks are still those of the key the recording began with.
		 * @param now the key read after the replay, or {@code null} if the log is no longer cacheable
		 */
		public void commit(@Nullable Key now) {
			Path written = temp;
			OutputStream to = file;
			if (written == null || to == null) {
				return;
			}
			if (!key.equals(now)) {
				discard();
				return;
			}
			try {
				to.close();
				file = null;
				Path target = written.resolveSibling(key.fileName());
				Files.move(written, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
				temp = null;
				add(key, target, bytes);
			}
			catch (IOException ex) {
				log.warn("Replay cache: keeping {} failed: {}", written, ex.toString());
				discard();
			}
		}

		private void discard() {
			OutputStream to = file;
			file = null;
			try {
				if (to != null) {
					to.close();
				}
			}
			catch (IOException ex) {
				// deleted below
			}
			Path written = temp;
			temp = null;
			if (written != null) {
				try {
					Files.deleteIfExists(written);
				}
				catch (IOException ex) {
					log.warn("Replay cache: cannot delete {}: {}", written, ex.toString());
				}
			}
		}

		/** Deletes the file unless it was committed. */
		@Override
		public void close() {
			discard();
			if (owner) {
				finished(key);
			}
		}

	}

}
