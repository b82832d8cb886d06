package io.opsdeck.execution.internal;

import java.time.Duration;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.opsdeck.execution.RunFinished;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Run metrics in Prometheus form: {@code opsdeck_runs_total{kind,status,environment}} and
 * {@code opsdeck_run_duration_seconds{kind,status}}.
 */
@Component
class RunMetrics {

	private final MeterRegistry meters;

	RunMetrics(MeterRegistry meters) {
		this.meters = meters;
	}

	@EventListener
	void on(RunFinished finished) {
		String environment = (finished.environment() != null) ? finished.environment() : "none";
		Counter.builder("opsdeck.runs")
			.description("Runs that ended, by kind, status and environment")
			.tag("kind", finished.kind().value())
			.tag("status", finished.status().name())
			.tag("environment", environment)
			.register(meters)
			.increment();
		if (!finished.duration().isZero()) {
			Timer.builder("opsdeck.run.duration")
				.description("Time from start to end of runs")
				.tag("kind", finished.kind().value())
				.tag("status", finished.status().name())
				.register(meters)
				.record(finished.duration().isNegative() ? Duration.ZERO : finished.duration());
		}
	}

}
