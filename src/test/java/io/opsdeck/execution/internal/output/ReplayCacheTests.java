package io.opsdeck.execution.internal.output;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The replay cache's index (issue 8, scenario 5): a kept file is found with its bytes, {@code 0600} in a {@code 0700}
 * directory; the bound evicts the least recently served file but not one served within the last minute; a file made
 * from fewer chunks of the same run is deleted once superseded; a start empties the directory.
 */
class ReplayCacheTests {

	@TempDir
	Path data;

	static final long MB = 1024 * 1024;

	@Test
	void aKeptFileIsFoundWithItsBytesAndOnlyUnderItsOwnKey() throws IOException {
		ReplayCache cache = cache(data, DataSize.ofMegabytes(64));
		ReplayCache.Key key = key(UUID.randomUUID(), 3);
		byte[] text = text(2 * MB + 17, 'a');
		Path file = cache.newFile(key);
		assertThat(cache.find(key)).as("not before it is kept").isNull();
		Files.write(file, text);
		cache.keep(key, file, text.length);

		ReplayCache.CachedLog cached = cache.find(key);
		assertThat(cached).isNotNull();
		assertThat(cached.bytes()).isEqualTo(text.length);
		assertThat(Files.readAllBytes(cached.file())).isEqualTo(text);
		assertThat(cached.file().getParent()).isEqualTo(data.resolve("replay-cache"));
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(cached.file()))).isEqualTo("rw-------");
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(cached.file().getParent())))
			.isEqualTo("rwx------");
		assertThat(files(data)).containsExactly(cached.file());
		assertThat(cache.totalBytes()).isEqualTo(text.length);
		// the same run with another prefix mode is another log
		assertThat(cache.find(new ReplayCache.Key(key.runId(), true, key.chunks(), key.lastSeq(), key.textBytes())))
			.isNull();
		assertThat(files(data)).as("the other prefix mode's look-up deletes nothing").hasSize(1);
	}

	@Test
	void aFileMadeFromFewerChunksOfTheSameRunIsDeletedOnceSuperseded() throws IOException {
		ReplayCache cache = cache(data, DataSize.ofMegabytes(64));
		UUID run = UUID.randomUUID();
		ReplayCache.Key three = store(cache, key(run, 3), 2 * MB, 'a');
		// never served from the file (only the replay that made it read the database): not in use
		ReplayCache.Key four = key(run, 4);
		assertThat(cache.find(four)).as("the run has more chunks now").isNull();
		assertThat(files(data)).as("the old file can never be served again").isEmpty();
		assertThat(cache.totalBytes()).isZero();
		assertThat(cache.find(three)).isNull();

		// served within the last minute: kept while it may be on its way, then replaced by the new one's
		store(cache, three, 2 * MB, 'a');
		assertThat(cache.find(three)).isNotNull();
		store(cache, four, 3 * MB, 'b');
		assertThat(files(data)).hasSize(2);
		assertThat(cache.find(four)).isNotNull();
	}

	@Test
	void theBoundEvictsTheLeastRecentlyServedButNotOneServedWithinAMinute() throws IOException {
		ReplayCache cache = cache(data, DataSize.ofMegabytes(5));
		ReplayCache.Key a = store(cache, key(UUID.randomUUID(), 2), 2 * MB, 'a');
		ReplayCache.Key b = store(cache, key(UUID.randomUUID(), 2), 2 * MB, 'b');
		assertThat(cache.find(a)).isNotNull(); // a is now more recently served than b, and in use
		ReplayCache.Key c = store(cache, key(UUID.randomUUID(), 2), 2 * MB, 'c');
		assertThat(cache.find(b)).as("least recently served").isNull();
		assertThat(cache.find(a)).isNotNull();
		assertThat(cache.find(c)).isNotNull();
		assertThat(cache.totalBytes()).isEqualTo(4 * MB);
		assertThat(files(data)).hasSize(2);
		// a and c were served just now: the next file goes over the bound rather than delete a file in use
		ReplayCache.Key d = store(cache, key(UUID.randomUUID(), 2), 2 * MB, 'd');
		assertThat(cache.find(a)).isNotNull();
		assertThat(cache.find(c)).isNotNull();
		assertThat(cache.find(d)).isNotNull();
		assertThat(cache.totalBytes()).isEqualTo(6 * MB);
	}

	@Test
	void aStartEmptiesTheDirectoryAndZeroTurnsTheCacheOff() throws IOException {
		ReplayCache first = cache(data, DataSize.ofMegabytes(64));
		ReplayCache.Key key = store(first, key(UUID.randomUUID(), 2), 2 * MB, 'a');
		Files.writeString(data.resolve("replay-cache").resolve("left-over.part"), "partial");
		ReplayCache second = cache(data, DataSize.ofMegabytes(64));
		assertThat(files(data)).isEmpty();
		assertThat(second.find(key)).isNull();

		ReplayCache off = cache(data, DataSize.ofBytes(0));
		assertThat(off.enabled()).isFalse();
		assertThat(off.key(UUID.randomUUID(), false)).isNull();
		assertThatThrownBy(() -> off.newFile(key)).isInstanceOf(IOException.class);
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		try (ReplayRecording recording = new ReplayRecorder(off, (k, o) -> { }, Runnable::run).record(key, out)) {
			assertThat(recording.stream()).isSameAs(out);
			assertThat(recording.recording()).isFalse();
		}
		assertThatThrownBy(() -> cache(data, DataSize.ofBytes(-1))).isInstanceOf(IllegalArgumentException.class);
	}

	static ReplayCache cache(Path data, DataSize size) {
		return new ReplayCache(null, data, size); // no database: key() is not called with the cache on
	}

	static ReplayCache.Key key(UUID run, long chunks) {
		return new ReplayCache.Key(run, false, chunks, chunks * 5000, chunks * MB);
	}

	private static ReplayCache.Key store(ReplayCache cache, ReplayCache.Key key, long bytes, char fill)
			throws IOException {
		Path file = cache.newFile(key);
		Files.write(file, text(bytes, fill));
		cache.keep(key, file, bytes);
		return key;
	}

	static byte[] text(long bytes, char fill) {
		byte[] text = new byte[(int) bytes];
		Arrays.fill(text, (byte) fill);
		return text;
	}

	static List<Path> files(Path data) throws IOException {
		try (Stream<Path> files = Files.list(data.resolve("replay-cache"))) {
			return files.toList();
		}
	}

}
