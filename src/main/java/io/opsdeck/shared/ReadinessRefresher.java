package io.opsdeck.shared;

import java.time.Instant;
import java.util.List;

import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.stereotype.Component;

/**
 * Runs every {@link RefreshedWhenReady} bean's first refresh on the task scheduler once Opsdeck accepts traffic,
 * each as a task of its own (one failing or slow refresh does not hold the others).
 */
@Component
class ReadinessRefresher {

	private final List<RefreshedWhenReady> refreshed;

	private final TaskScheduler scheduler;

	ReadinessRefresher(List<RefreshedWhenReady> refreshed, TaskScheduler scheduler) {
		this.refreshed = refreshed;
		this.scheduler = scheduler;
	}

	@EventListener
	void whenReady(AvailabilityChangeEvent<ReadinessState> event) {
		if (event.getState() == ReadinessState.ACCEPTING_TRAFFIC) {
			refreshed.forEach(bean -> scheduler.schedule(bean::refresh, Instant.now()));
		}
	}

}
