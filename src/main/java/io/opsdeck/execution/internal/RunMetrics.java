package io.opsdeck.execution.internal;

import java.time.Duration;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.opsdeck.execution.RunFinished;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Run metrics in Prometheus form: {@code opsdeck_runs_total{kind,status,environment}} (runs that ended) and the
 * histogram {@code opsdeck_run_duration_seconds{kind,status}} ({@code _bucket} with {@code le} from 1 s to 2 h,
 * {@code _count}, {@code _sum}, {@code _max}). Counted on the node that finished the run.
 */
@Component
class RunMetrics {

	/** Histogram buckets: a quick SSH command to a long playbook or drill. */
	private static final Duration[] BUCKETS = { Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofSeconds(15),
			Duration.ofSeconds(30), Duration.ofMinutes(1), Duration.ofMinutes(2), Duration.ofMinutes(5),
			Duration.ofMinutes(10), Duration.ofMinutes(30), Duration.ofHours(1), Duration.ofHours(2) };

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
				.serviceLevelObjectives(BUCKETS)
				.register(meters)
				.record(finished.duration().isNegative() ? Duration.ZERO : finished.duration());
		}
	}

}
