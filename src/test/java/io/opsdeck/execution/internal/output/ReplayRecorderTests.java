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
 * chunks, byte for byte; one log at a time; a recorder that falls behind makes the replay give the recording up, never
 * wait for it; stopping drops the unfinished file.
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

	@Test
	void theReplayWritesNoFileAndTheFileIsServedOnlyOnceTheRecorderHasWrittenIt() throws IOException {
		ReplayCache cache = ReplayCacheTests.cache(data, DataSize.ofMegabytes(64));
		Held recorderThread = new Held();
		ReplayRecorder recorder = new ReplayRecorder(cache, recorderThread);
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
		ReplayRecorder later = new ReplayRecorder(cache, held);
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
		ReplayRecorder recorder = new ReplayRecorder(cache, held);
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
	void aRecorderThatFallsBehindNeverHoldsUpTheReplay() throws IOException {
		ReplayCache cache = ReplayCacheTests.cache(data, DataSize.ofMegabytes(64));
		Held held = new Held();
		ReplayRecorder recorder = new ReplayRecorder(cache, held);
		ReplayCache.Key key = key(UUID.randomUUID(), 3);
		// more than the recorder's buffers hold, with its thread held: the replay goes on without the recording
		byte[] big = text((long) ReplayRecorder.BUFFERS * ReplayRecorder.BUFFER_BYTES + 3 * MB, 'z');
		ByteArrayOutputStream client = new ByteArrayOutputStream();
		try (ReplayRecording recording = recorder.record(key, client)) {
			recording.stream().write(big);
			assertThat(recording.recording()).as("given up").isFalse();
			recording.commit(key);
		}
		assertThat(client.toByteArray()).isEqualTo(big);
		held.runAll();
		assertThat(cache.find(key)).isNull();
		assertThat(files(data)).isEmpty();

		// every buffer went back: the next recording through the same recorder is kept whole
		byte[] text = text(2 * MB, 'y');
		try (ReplayRecording recording = recorder.record(key, new ByteArrayOutputStream())) {
			assertThat(recording.recording()).isTrue();
			recording.stream().write(text);
			recording.commit(key);
		}
		held.runAll();
		assertThat(Files.readAllBytes(cache.find(key).file())).isEqualTo(text);
	}

	@Test
	void onItsOwnThreadTheRecorderMakesTheFileAfterTheReplayHasEnded() throws IOException {
		ReplayCache cache = ReplayCacheTests.cache(data, DataSize.ofMegabytes(64));
		ReplayRecorder recorder = new ReplayRecorder(cache);
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
		ReplayRecorder recorder = new ReplayRecorder(cache);
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
