package io.opsdeck.execution.internal.output;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executor;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.util.unit.DataSize;

import static io.opsdeck.execution.internal.output.ReplayCacheTests.MB;
import static io.opsdeck.execution.internal.output.ReplayCacheTests.files;
import static io.opsdeck.execution.internal.output.ReplayCacheTests.key;
import static io.opsdeck.execution.internal.output.ReplayCacheTests.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The replay cache's recorder (issue 8, scenario 5): the replay's thread never touches the file, which is made on the
 * recorder's thread and served only once it is whole and kept; a recording is kept only when committed with the same
 * chunks, byte for byte; one log at a time; a recorder that falls behind never makes the replay wait (it writes the
 * rest from the database itself); stopping drops the unfinished file.
 */
class ReplayRecorderTests {

	@TempDir
	Path data;

	/** An executor that runs nothing until the test says so: the recorder's thread, held. */
	private static final class Held implements Executor {

		final List<Runnable> tasks = new ArrayList<>();

		@Override
		public void execute(Runnable task) {
			tasks.add(task);
		}

		void runAll() {
			List<Runnable> now = new ArrayList<>(tasks);
			tasks.clear();
			now.forEach(Runnable::run);
		}

	}

	/** The database's copy of the log, for a recording that fell behind: none in the tests that do not fall behind. */
	private static final ReplayRecorder.Source NO_SOURCE = (key, out) -> {
		throw new AssertionError("read from the database");
	};

	@Test
	void theReplayWritesNoFileAndTheFileIsServedOnlyOnceTheRecorderHasWrittenIt() throws IOException {
		ReplayCache cache = ReplayCacheTests.cache(data, DataSize.ofMegabytes(64));
		Held recorderThread = new Held();
		ReplayRecorder recorder = new ReplayRecorder(cache, NO_SOURCE, recorderThread);
		ReplayCache.Key key = key(UUID.randomUUID(), 3);
		byte[] text = text(3 * MB + 17, 'a');
		text[1000] = '\n';
		ByteArrayOutputStream client = new ByteArrayOutputStream();
		try (ReplayRecording recording = recorder.record(key, client)) {
			recording.stream().write(text, 0, 1000);
			recording.stream().write('\n');
			recording.stream().write(text, 1001, text.length - 1001);
			recording.commit(key);
		}
		// the whole replay, committed and closed, with the recorder's thread held: the client has every byte, and the
		// replay's thread made, opened and wrote no file
		assertThat(client.toByteArray()).isEqualTo(text);
		assertThat(files(data)).isEmpty();
		assertThat(cache.find(key)).as("a replay while the file is being made reads the database").isNull();
		assertThat(recorderThread.tasks).hasSize(1);

		recorderThread.runAll();
		ReplayCache.CachedLog cached = cache.find(key);
		assertThat(cached).as("served from the file once it is ready").isNotNull();
		assertThat(cached.bytes()).isEqualTo(text.length);
		assertThat(Files.readAllBytes(cached.file())).isEqualTo(text);
		assertThat(files(data)).containsExactly(cached.file());
	}

	@Test
	void aRecordingIsDroppedWhenTheChunksChangedOrTheReplayDidNotFinish() throws IOException {
		ReplayCache cache = ReplayCacheTests.cache(data, DataSize.ofMegabytes(64));
		ReplayCache.Key key = key(UUID.randomUUID(), 3);
		Held held = new Held();
		ReplayRecorder later = new ReplayRecorder(cache, NO_SOURCE, held);
		for (ReplayCache.Key after : new ReplayCache.Key[] { key(key.runId(), 4), null }) {
			try (ReplayRecording recording = later.record(key, new ByteArrayOutputStream())) {
				recording.stream().write(text(2 * MB, 'b'));
				recording.commit(after); // a chunk was added meanwhile, or the log is no longer cacheable
			}
			held.runAll();
		}
		try (ReplayRecording recording = later.record(key, new ByteArrayOutputStream())) {
			recording.stream().write(text(MB, 'b'));
			// the client went away: no commit
		}
		held.runAll();
		assertThat(cache.find(key)).isNull();
		assertThat(files(data)).isEmpty();
		assertThat(cache.totalBytes()).isZero();
	}

	@Test
	void oneLogIsRecordedAtATime() throws IOException {
		ReplayCache cache = ReplayCacheTests.cache(data, DataSize.ofMegabytes(64));
		Held held = new Held();
		ReplayRecorder recorder = new ReplayRecorder(cache, NO_SOURCE, held);
		ReplayCache.Key key = key(UUID.randomUUID(), 3);
		ByteArrayOutputStream second = new ByteArrayOutputStream();
		try (ReplayRecording first = recorder.record(key, new ByteArrayOutputStream())) {
			assertThat(first.recording()).isTrue();
			try (ReplayRecording other = recorder.record(key(UUID.randomUUID(), 2), second)) {
				assertThat(other.recording()).isFalse();
				assertThat(other.stream()).as("passes straight through").isSameAs(second);
			}
			first.stream().write(text(2 * MB, 'a'));
			first.commit(key);
		}
		try (ReplayRecording third = recorder.record(key, second)) {
			assertThat(third.stream()).as("the first one's file is still being made").isSameAs(second);
		}
		held.runAll();
		assertThat(cache.find(key)).isNotNull();
		try (ReplayRecording again = recorder.record(key(UUID.randomUUID(), 2), second)) {
			assertThat(again.recording()).as("recording again once the first file was made").isTrue();
		}
		held.runAll();
	}

	@Test
	void aRecorderThatFallsBehindNeverHoldsUpTheReplayAndWritesTheRestFromTheDatabase() throws IOException {
		ReplayCache.Key key = key(UUID.randomUUID(), 3);
		ReplayCache.Key[] now = { key };
		ReplayCache cache = new ReplayCache(null, data, DataSize.ofMegabytes(64)) {
			@Override
			public ReplayCache.Key key(UUID runId, boolean prefixHosts) {
				return now[0]; // the run's chunks as the database has them after the rest was read
			}
		};
		// more than the recorder's buffers hold, with its thread held: the replay goes on without copying
		byte[] big = text((long) ReplayRecorder.BUFFERS * ReplayRecorder.BUFFER_BYTES + 3 * MB, 'z');
		for (int i = 0; i < big.length; i += 4099) {
			big[i] = (byte) ('0' + i % 10); // a copy out of place would not be equal
		}
		List<String> reads = new ArrayList<>();
		ReplayRecorder.Source database = (k, out) -> {
			reads.add(Thread.currentThread().getName());
			out.write(big, 0, 1000);
			out.write(big, 1000, big.length - 1000);
		};
		Held held = new Held();
		ReplayRecorder recorder = new ReplayRecorder(cache, database, held);
		ByteArrayOutputStream client = new ByteArrayOutputStream();
		try (ReplayRecording recording = recorder.record(key, client)) {
			recording.stream().write(big, 0, 100);
			recording.stream().write(big, 100, big.length - 100);
			assertThat(recording.recording()).as("stopped copying").isFalse();
			recording.commit(key);
		}
		assertThat(client.toByteArray()).isEqualTo(big);
		assertThat(reads).as("nothing read from the database on the replay's thread").isEmpty();
		assertThat(files(data)).isEmpty();

		held.runAll(); // the recorder: the buffers handed over, then the rest from the database
		assertThat(reads).hasSize(1);
		assertThat(Files.readAllBytes(cache.find(key).file())).isEqualTo(big);

		// the same, but the run got a chunk meanwhile: dropped; and every buffer went back to the recorder
		ReplayCache.Key other = key(UUID.randomUUID(), 3);
		now[0] = key(other.runId(), 4);
		try (ReplayRecording recording = recorder.record(other, new ByteArrayOutputStream())) {
			recording.stream().write(big);
			assertThat(recording.recording()).isFalse();
		}
		held.runAll();
		assertThat(cache.find(other)).isNull();
		assertThat(files(data)).hasSize(1);
		now[0] = other;
		byte[] text = text(ReplayRecorder.BUFFERS * ReplayRecorder.BUFFER_BYTES - 1, 'y');
		try (ReplayRecording recording = recorder.record(other, new ByteArrayOutputStream())) {
			recording.stream().write(text);
			assertThat(recording.recording()).as("every buffer is free again").isTrue();
			recording.commit(other);
		}
		held.runAll();
		assertThat(Files.readAllBytes(cache.find(other).file())).isEqualTo(text);
		assertThat(reads).hasSize(2);
	}

	@Test
	void onItsOwnThreadTheRecorderMakesTheFileAfterTheReplayHasEnded() throws IOException {
		ReplayCache cache = ReplayCacheTests.cache(data, DataSize.ofMegabytes(64));
		ReplayRecorder recorder = new ReplayRecorder(cache, NO_SOURCE, null);
		try {
			ReplayCache.Key key = key(UUID.randomUUID(), 3);
			byte[] text = text(3 * MB, 'y');
			try (ReplayRecording recording = recorder.record(key, new ByteArrayOutputStream())) {
				recording.stream().write(text);
				recording.commit(key);
			}
			await().atMost(Duration.ofSeconds(30)).until(() -> cache.find(key) != null);
			assertThat(Files.readAllBytes(cache.find(key).file())).isEqualTo(text);
			assertThat(files(data)).hasSize(1);
		}
		finally {
			destroy(recorder);
		}
	}

	@Test
	void stoppingDropsTheUnfinishedFileAndRecordsNoMore() throws IOException {
		ReplayCache cache = ReplayCacheTests.cache(data, DataSize.ofMegabytes(64));
		ReplayRecorder recorder = new ReplayRecorder(cache, NO_SOURCE, null);
		ReplayCache.Key key = key(UUID.randomUUID(), 3);
		ByteArrayOutputStream client = new ByteArrayOutputStream();
		try (ReplayRecording recording = recorder.record(key, client)) {
			recording.stream().write(text(MB, 'a'));
			await().atMost(Duration.ofSeconds(30)).until(() -> !files(data).isEmpty()); // being written
			destroy(recorder);
			assertThat(files(data)).as("the unfinished file").isEmpty();
			recording.stream().write(text(MB, 'b'));
			recording.commit(key);
		}
		assertThat(client.size()).isEqualTo(2 * MB);
		assertThat(cache.find(key)).isNull();
		try (ReplayRecording after = recorder.record(key, client)) {
			assertThat(after.recording()).isFalse();
		}
		assertThat(files(data)).isEmpty();
	}

	private static void destroy(ReplayRecorder recorder) {
		try {
			recorder.destroy();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
