package io.opsdeck.execution.internal.output;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class InsertQueueTests {

	private final ExecutorService threads = Executors.newFixedThreadPool(2);

	private final UUID runId = UUID.randomUUID();

	@AfterEach
	void stop() {
		threads.shutdownNow();
	}

	private OutputChunk chunk(long from, long to) {
		List<OutputLine> lines = OutputSamples.lines(from, to);
		return new OutputChunk(runId, from, to, lines.size(), 0, ChunkEncoder.encodeHeld(lines));
	}

	@Test
	void chunksAreInsertedOneAtATimeInOrderAndReportedStoredAfterTheirInsert() throws Exception {
		InsertQueue queue = new InsertQueue(threads);
		List<String> events = Collections.synchronizedList(new ArrayList<>());
		CountDownLatch release = new CountDownLatch(1);
		OutputChunk first = chunk(1, 10);
		queue.submit(first, (chunk) -> {
			await(release);
			events.add("insert " + chunk.firstSeq + " " + chunk.length());
		}, (chunk) -> events.add("stored " + chunk.lastSeq));
		assertThat(queue.inFlight()).isTrue();
		assertThat(queue.handedOffSeq()).isEqualTo(10);
		assertThatThrownBy(() -> queue.submit(chunk(11, 20), (chunk) -> { }, (chunk) -> { }))
			.isInstanceOf(IllegalStateException.class);
		assertThat(events).isEmpty();
		release.countDown();
		queue.awaitInFlight();
		assertThat(queue.inFlight()).isFalse();
		queue.submit(chunk(11, 20), (chunk) -> events.add("insert " + chunk.firstSeq + " " + chunk.length()),
				(chunk) -> events.add("stored " + chunk.lastSeq));
		queue.awaitInFlight();
		assertThat(events).hasSize(4);
		assertThat(events.get(0)).startsWith("insert 1 ");
		assertThat(events.get(1)).isEqualTo("stored 10");
		assertThat(events.get(2)).startsWith("insert 11 ");
		assertThat(events.get(3)).isEqualTo("stored 20");
		assertThat(queue.handedOffSeq()).isEqualTo(20);
	}

	@Test
	void theInsertSeesTheEncodedChunkUntilItReturns() throws Exception {
		InsertQueue queue = new InsertQueue(threads);
		List<OutputLine> lines = OutputSamples.lines(1, 500);
		byte[] expected = ChunkCodec.encode(lines);
		List<byte[]> inserted = new ArrayList<>();
		OutputChunk chunk = new OutputChunk(runId, 1, 500, lines.size(), 0, ChunkEncoder.encodeHeld(lines));
		queue.submit(chunk, (c) -> {
			// the flusher compresses another chunk meanwhile: it must get an array of its own from the pool
			try (ChunkEncoder.Encoded other = ChunkEncoder.encodeHeld(OutputSamples.lines(501, 900))) {
				assertThat(other.bytes()).isNotSameAs(c.bytes());
			}
			inserted.add(java.util.Arrays.copyOf(c.bytes(), c.length()));
		}, (c) -> { });
		queue.awaitInFlight();
		assertThat(inserted).hasSize(1);
		assertThat(inserted.get(0)).isEqualTo(expected);
		assertThat(ChunkCodec.decode(1, inserted.get(0))).isEqualTo(lines);
	}

	@Test
	void aFailedInsertIsRethrownNotReportedStoredAndItsLinesAreHandedOffAgain() {
		InsertQueue queue = new InsertQueue(threads);
		List<Long> stored = new ArrayList<>();
		queue.submit(chunk(1, 10), (chunk) -> {
			throw new IllegalStateException("database down");
		}, (chunk) -> stored.add(chunk.lastSeq));
		assertThat(queue.handedOffSeq()).isEqualTo(10);
		assertThatThrownBy(queue::awaitInFlight).isInstanceOf(IllegalStateException.class).hasMessage("database down");
		assertThat(stored).isEmpty();
		assertThat(queue.handedOffSeq()).isZero();
		assertThat(queue.inFlight()).isFalse();
	}

	@Test
	void anInterruptedWaitStillWaitsForTheInsertAndKeepsTheInterrupt() throws Exception {
		InsertQueue queue = new InsertQueue(threads);
		CountDownLatch started = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		List<Long> stored = Collections.synchronizedList(new ArrayList<>());
		queue.submit(chunk(1, 10), (chunk) -> {
			started.countDown();
			await(release);
		}, (chunk) -> stored.add(chunk.lastSeq));
		assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
		Thread caller = Thread.currentThread();
		threads.execute(() -> {
			// released once the caller waits again after the interrupt (a condition, not a delay)
			long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
			while (caller.getState() != Thread.State.WAITING && System.nanoTime() < deadline) {
				Thread.onSpinWait();
			}
			release.countDown();
		});
		caller.interrupt();
		queue.awaitInFlight();
		assertThat(Thread.interrupted()).isTrue();
		assertThat(stored).containsExactly(10L);
	}

	private static void await(CountDownLatch latch) {
		try {
			if (!latch.await(10, TimeUnit.SECONDS)) {
				throw new IllegalStateException("not released");
			}
		}
		catch (InterruptedException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
