package io.opsdeck.shared;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The first refresh after readiness: once accepting traffic, on the scheduler, each bean on its own. */
class ReadinessRefresherTests {

	private final ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();

	@AfterEach
	void stop() {
		scheduler.shutdown();
	}

	@Test
	void refreshesEveryBeanOnceAcceptingTrafficEvenWhenOneFails() {
		scheduler.initialize();
		AtomicInteger refreshed = new AtomicInteger();
		RefreshedWhenReady failing = () -> {
			throw new IllegalStateException("database unreachable");
		};
		ReadinessRefresher refresher = new ReadinessRefresher(List.of(failing, refreshed::incrementAndGet,
				refreshed::incrementAndGet), scheduler);

		refresher.whenReady(new AvailabilityChangeEvent<>(this, ReadinessState.REFUSING_TRAFFIC));
		// nothing handed to the scheduler (a task handed over counts at once, queued, running or done)
		assertThat(scheduler.getScheduledThreadPoolExecutor().getTaskCount())
			.as("refusing traffic: nothing scheduled").isZero();
		assertThat(refreshed).as("refusing traffic: nothing refreshed yet").hasValue(0);

		refresher.whenReady(new AvailabilityChangeEvent<>(this, ReadinessState.ACCEPTING_TRAFFIC));
		await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(refreshed).hasValue(2));
	}

}
