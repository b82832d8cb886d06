package io.opsdeck.execution.internal.output;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The replay cache's files (issue 8, scenario 5): what a replay wrote is kept only when committed with the same chunks,
 * byte for byte; the bound evicts the least recently served file but not one served within the last minute; a start
 * empties the directory.
 */
class ReplayCacheTests {

	@TempDir
	Path data;

	private static final long MB = 1024 * 1024;

	@Test
	void aCommittedRecordingIsFoundWithTheBytesTheReplayWrote() throws IOException {
		ReplayCache cache = cache(DataSize.ofMegabytes(64));
		ReplayCache.Key key = key(UUID.randomUUID(), 3);
		byte[] text = text(2 * MB + 17, 'a');
		ByteArrayOutputStream client = new ByteArrayOutputStream();
		try (ReplayCache.Recording recording = cache.record(key, client)) {
			recording.stream().write(text, 0, 1000);
			recording.stream().write('\n');
			recording.stream().write(text, 1001, text.length - 1001);
			assertThat(cache.find(key)).as("not before the commit").isNull();
			recording.commit(key);
		}
		byte[] sent = text.clone();
		sent[1000] = '\n';
		assertThat(client.toByteArray()).isEqualTo(sent);
		ReplayCache.CachedLog cached = cache.find(key);
		assertThat(cached).isNotNull();
		assertThat(cached.bytes()).isEqualTo(sent.length);
		assertThat(Files.readAllBytes(cached.file())).isEqualTo(sent);
		assertThat(cached.file().getParent()).isEqualTo(data.resolve("replay-cache"));
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(cached.file()))).isEqualTo("rw-------");
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(cached.file().getParent())))
			.isEqualTo("rwx------");
		assertThat(files()).containsExactly(cached.file());
		assertThat(cache.totalBytes()).isEqualTo(sent.length);
		// the same run with another prefix mode or more chunks is another log
		assertThat(cache.find(new ReplayCache.Key(key.runId(), true, key.chunks(), key.lastSeq(), key.textBytes())))
			.isNull();
		assertThat(cache.find(key(key.runId(), 4))).isNull();
	}

	@Test
	void aRecordingIsDroppedWhenTheChunksChangedOrTheReplayDidNotFinish() throws IOException {
		ReplayCache cache = cache(DataSize.ofMegabytes(64));
		ReplayCache.Key key = key(UUID.randomUUID(), 3);
		try (ReplayCache.Recording recording = cache.record(key, new ByteArrayOutputStream())) {
			recording.stream().write(text(2 * MB, 'b'));
			recording.commit(key(key.runId(), 4)); // a chunk was added meanwhile
		}
		try (ReplayCache.Recording recording = cache.record(key, new ByteArrayOutputStream())) {
			recording.stream().write(text(2 * MB, 'b'));
			recording.commit(null); // no longer cacheable
		}
		try (ReplayCache.Recording recording = cache.record(key, new ByteArrayOutputStream())) {
			recording.stream().write(text(MB, 'b'));
			// the client went away: no commit
		}
		assertThat(cache.find(key)).isNull();
		assertThat(files()).isEmpty();
		assertThat(cache.totalBytes()).isZero();
	}

	@Test
	void onlyOneReplayRecordsALogAtATime() throws IOException {
		ReplayCache cache = cache(DataSize.ofMegabytes(64));
		ReplayCache.Key key = key(UUID.randomUUID(), 3);
		ByteArrayOutputStream second = new ByteArrayOutputStream();
		try (ReplayCache.Recording first = cache.record(key, new ByteArrayOutputStream())) {
			try (ReplayCache.Recording other = cache.record(key, second)) {
				assertThat(other.stream()).as("passes straight through").isSameAs(second);
				assertThat(first.stream()).isNotSameAs(second);
			}
			try (ReplayCache.Recording third = cache.record(key, second)) {
				assertThat(third.stream()).as("the second's end did not end the first's recording").isSameAs(second);
			}
		}
		try (ReplayCache.Recording again = cache.record(key, second)) {
			assertThat(again.stream()).as("recording again once the first ended").isNotSameAs(second);
		}
	}

	@Test
	void theBoundEvictsTheLeastRecentlyServedButNotOneServedWithinAMinute() throws IOException {
		ReplayCache cache = cache(DataSize.ofMegabytes(5));
		ReplayCache.Key a = store(cache, 2 * MB, 'a');
		ReplayCache.Key b = store(cache, 2 * MB, 'b');
		assertThat(cache.find(a)).isNotNull(); // a is now more recently served than b, and in use
		ReplayCache.Key c = store(cache, 2 * MB, 'c');
		assertThat(cache.find(b)).as("least recently served").isNull();
		assertThat(cache.find(a)).isNotNull();
		assertThat(cache.find(c)).isNotNull();
		assertThat(cache.totalBytes()).isEqualTo(4 * MB);
		assertThat(files()).hasSize(2);
		// a and c were served just now: the next file goes over the bound rather than delete a file in use
		ReplayCache.Key d = store(cache, 2 * MB, 'd');
		assertThat(cache.find(a)).isNotNull();
		assertThat(cache.find(c)).isNotNull();
		assertThat(cache.find(d)).isNotNull();
		assertThat(cache.totalBytes()).isEqualTo(6 * MB);
	}

	@Test
	void aStartEmptiesTheDirectoryAndZeroTurnsTheCacheOff() throws IOException {
		ReplayCache first = cache(DataSize.ofMegabytes(64));
		ReplayCache.Key key = store(first, 2 * MB, 'a');
		Files.writeString(data.resolve("replay-cache").resolve("left-over.part"), "partial");
		ReplayCache second = cache(DataSize.ofMegabytes(64));
		assertThat(files()).isEmpty();
		assertThat(second.find(key)).isNull();

		ReplayCache off = cache(DataSize.ofBytes(0));
		assertThat(off.key(UUID.randomUUID(), false)).isNull();
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		try (ReplayCache.Recording recording = off.record(key, out)) {
			assertThat(recording.stream()).isSameAs(out);
		}
		assertThatThrownBy(() -> cache(DataSize.ofBytes(-1))).isInstanceOf(IllegalArgumentException.class);
	}

	private ReplayCache cache(DataSize size) {
		return new ReplayCache(null, data, size); // no database: key() is not called with the cache on
	}

	private static ReplayCache.Key key(UUID run, long chunks) {
		return new ReplayCache.Key(run, false, chunks, chunks * 5000, chunks * MB);
	}

	private static ReplayCache.Key store(ReplayCache cache, long bytes, char fill) throws IOException {
		ReplayCache.Key key = key(UUID.randomUUID(), 2);
		try (ReplayCache.Recording recording = cache.record(key, new ByteArrayOutputStream())) {
			recording.stream().write(text(bytes, fill));
			recording.commit(key);
		}
		return key;
	}

	private static byte[] text(long bytes, char fill) {
		byte[] text = new byte[(int) bytes];
		Arrays.fill(text, (byte) fill);
		return text;
	}

	private java.util.List<Path> files() throws IOException {
		try (Stream<Path> files = Files.list(data.resolve("replay-cache"))) {
			return files.toList();
		}
	}

}
