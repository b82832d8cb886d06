package io.opsdeck.identity.internal;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/** The token cache's single-flight load: shared while the generation holds, never across an invalidation. */
class SharedLoadsTests {

	private final SharedLoads<String, String> loads = new SharedLoads<>();

	private final ExecutorService threads = Executors.newCachedThreadPool();

	private final AtomicInteger reads = new AtomicInteger();

	private final CountDownLatch release = new CountDownLatch(1);

	@AfterEach
	void stop() {
		release.countDown();
		threads.shutdownNow();
	}

	/**
	 * Starts a caller of {@code load("token", generation, …)} and returns once it waits (in its own read, which
	 * {@link #reads} shows, or in the read it joined).
	 */
	private Future<String> waitingCaller(long generation) throws Exception {
		AtomicReference<Thread> thread = new AtomicReference<>();
		Future<String> result = threads.submit(() -> {
			thread.set(Thread.currentThread());
			return loads.load("token", generation, this::blockingRead);
		});
		await().atMost(Duration.ofSeconds(10))
			.until(() -> thread.get() != null && (thread.get().getState() == Thread.State.WAITING
					|| thread.get().getState() == Thread.State.TIMED_WAITING));
		return result;
	}

	/** A load that counts itself and waits for {@link #release}, then answers "row@generation". */
	private String blockingRead(long generation) {
		reads.incrementAndGet();
		try {
			assertThat(release.await(10, TimeUnit.SECONDS)).isTrue();
		}
		catch (InterruptedException ex) {
			throw new IllegalStateException(ex);
		}
		return "row@" + generation;
	}

	@Test
	void callersOfTheSameGenerationShareOneLoad() throws Exception {
		Future<String> first = waitingCaller(7);
		Future<String> second = waitingCaller(7);
		Future<String> third = waitingCaller(7);
		assertThat(reads).hasValue(1);
		release.countDown();
		assertThat(first.get(5, TimeUnit.SECONDS)).isEqualTo("row@7");
		assertThat(second.get(5, TimeUnit.SECONDS)).isEqualTo("row@7");
		assertThat(third.get(5, TimeUnit.SECONDS)).isEqualTo("row@7");
		assertThat(reads).hasValue(1);
		assertThat(loads.running()).isZero();
	}

	@Test
	void aCallerAfterAnInvalidationNeverJoinsALoadStartedBeforeIt() throws Exception {
		Future<String> before = waitingCaller(7);
		assertThat(reads).hasValue(1);
		// a revocation moved the generation on: this caller must read the rows itself
		Future<String> after = waitingCaller(8);
		assertThat(reads).hasValue(2);
		// and a third caller of the new generation joins the new load, not the old one
		Future<String> later = waitingCaller(8);
		assertThat(reads).hasValue(2);
		release.countDown();
		assertThat(before.get(5, TimeUnit.SECONDS)).isEqualTo("row@7");
		assertThat(after.get(5, TimeUnit.SECONDS)).isEqualTo("row@8");
		assertThat(later.get(5, TimeUnit.SECONDS)).isEqualTo("row@8");
		assertThat(loads.running()).isZero();
	}

	@Test
	void differentKeysLoadApart() throws Exception {
		Future<String> one = threads.submit(() -> loads.load("one", 7, this::blockingRead));
		Future<String> two = threads.submit(() -> loads.load("two", 7, this::blockingRead));
		await().atMost(Duration.ofSeconds(5)).until(() -> reads.get() == 2);
		release.countDown();
		assertThat(one.get(5, TimeUnit.SECONDS)).isEqualTo("row@7");
		assertThat(two.get(5, TimeUnit.SECONDS)).isEqualTo("row@7");
	}

	@Test
	void aFailedLoadFailsItsSharersAndTheNextCallerLoadsAgain() throws Exception {
		CountDownLatch started = new CountDownLatch(1);
		Future<String> leader = threads.submit(() -> loads.load("token", 7, generation -> {
			started.countDown();
			blockingRead(generation);
			throw new IllegalStateException("database down");
		}));
		assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
		Future<String> sharer = waitingCaller(7);
		release.countDown();
		for (Future<String> caller : List.of(leader, sharer)) {
			assertThatExceptionOfType(ExecutionException.class)
				.isThrownBy(() -> caller.get(5, TimeUnit.SECONDS))
				.havingCause()
				.isInstanceOf(IllegalStateException.class)
				.withMessage("database down");
		}
		assertThat(reads).hasValue(1);
		assertThat(loads.load("token", 7, this::blockingRead)).isEqualTo("row@7");
		assertThat(reads).hasValue(2);
	}

	@Test
	void aRejectionIsNullAndLeavesNothingRunning() {
		assertThat(loads.load("token", 7, generation -> null)).isNull();
		assertThat(loads.running()).isZero();
	}

}
