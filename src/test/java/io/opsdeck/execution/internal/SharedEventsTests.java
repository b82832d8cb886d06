package io.opsdeck.execution.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SharedEventsTests {

	@Test
	void viewersAtTheSamePositionShareOneFormattedBatch() throws Exception {
		SharedEvents events = new SharedEvents(16, 1 << 20);
		AtomicInteger loads = new AtomicInteger();
		CountDownLatch loading = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		ExecutorService viewers = Executors.newFixedThreadPool(10);
		try {
			List<Future<SharedEvents.Batch>> results = new ArrayList<>();
			results.add(viewers.submit(() -> events.after(5, after -> {
				loads.incrementAndGet();
				loading.countDown();
				await(release);
				return new SharedEvents.Batch(after, 9, "lines 6-9");
			})));
			assertThat(loading.await(10, TimeUnit.SECONDS)).isTrue();
			for (int i = 0; i < 9; i++) {
				results.add(viewers.submit(() -> events.after(5, after -> {
					loads.incrementAndGet();
					return new SharedEvents.Batch(after, 9, "formatted again");
				})));
			}
			release.countDown();
			for (Future<SharedEvents.Batch> result : results) {
				assertThat(result.get(10, TimeUnit.SECONDS).text()).isEqualTo("lines 6-9");
			}
			assertThat(loads).hasValue(1);
		}
		finally {
			viewers.shutdownNow();
		}
	}

	@Test
	void noLinesYetIsNotRemembered() {
		SharedEvents events = new SharedEvents(16, 1 << 20);
		assertThat(events.after(3, after -> null)).isNull();
		assertThat(events.after(3, after -> new SharedEvents.Batch(after, 4, "line 4")).text()).isEqualTo("line 4");
	}

	@Test
	void aFailedLoadIsThrownAndNotRemembered() {
		SharedEvents events = new SharedEvents(16, 1 << 20);
		assertThatThrownBy(() -> events.after(3, after -> {
			throw new IllegalStateException("database away");
		})).hasMessage("database away");
		assertThat(events.size()).isZero();
		assertThat(events.after(3, after -> new SharedEvents.Batch(after, 4, "line 4")).text()).isEqualTo("line 4");
	}

	@Test
	void keepsOnlyTheNewestBatchesWithinItsBounds() {
		SharedEvents events = new SharedEvents(4, 100);
		for (int i = 0; i < 10; i++) {
			events.after(i, after -> new SharedEvents.Batch(after, after + 1, "x".repeat(10)));
		}
		assertThat(events.size()).isEqualTo(4);
		events.after(20, after -> new SharedEvents.Batch(after, after + 1, "y".repeat(95)));
		assertThat(events.size()).as("characters bound").isEqualTo(1);
		events.after(30, after -> new SharedEvents.Batch(after, after + 1, "z".repeat(101)));
		assertThat(events.size()).as("a batch over the bound is used, not kept").isEqualTo(1);
		AtomicInteger loads = new AtomicInteger();
		events.after(0, after -> {
			loads.incrementAndGet();
			return new SharedEvents.Batch(after, after + 1, "again");
		});
		assertThat(loads).as("an evicted batch is loaded again").hasValue(1);
	}

	private static void await(CountDownLatch latch) {
		try {
			latch.await(10, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
