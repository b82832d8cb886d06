package io.opsdeck.shared;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;

/**
 * A gauge with one series per tag set, whose series and values are replaced as a whole by {@link #replace}: the
 * periodic "read the database, publish one row per server/environment/schedule" gauges.
 * <p>
 * A series that stays keeps its meter and only its value changes. Micrometer's own way,
 * {@code MultiGauge.register(rows, true)}, removes and re-adds every meter, and a Prometheus scrape running at that
 * moment can see the old and the new meter at once and fail with {@code DuplicateLabelsException}: HTTP 500 on
 * {@code /actuator/prometheus} (micrometer-metrics/micrometer#6851, not fixed in the 1.16.6 that Spring Boot 4.0.7
 * brings; it failed a CI run of the benchmark smoke here). Series that are gone are removed; a scrape then sees them or
 * not, never twice.
 */
public final class GaugeRows {

	private final MultiGauge gauge;

	private final Map<Tags, Value> values = new ConcurrentHashMap<>();

	/** @param gauge the registered multi-gauge; use it only through this object from now on */
	public GaugeRows(MultiGauge gauge) {
		this.gauge = gauge;
	}

	/**
	 * Publishes exactly these series: tag set to value (in the gauge's base unit). Series not in {@code rows} are
	 * removed; a value of {@code NaN} is published as NaN.
	 * @param rows one entry per series; tag sets must all have the same keys (a Prometheus rule)
	 */
	public synchronized void replace(Map<Tags, ? extends Number> rows) {
		values.keySet().retainAll(rows.keySet());
		List<MultiGauge.Row<?>> published = new ArrayList<>(rows.size());
		rows.forEach((tags, number) -> {
			Value value = values.computeIfAbsent(tags, ignored -> new Value());
			value.current = number.doubleValue();
			published.add(MultiGauge.Row.of(tags, value, Value::current));
		});
		// false: a series already published keeps its meter (reading the Value above); new ones are added, missing
		// ones removed
		gauge.register(published, false);
	}

	private static final class Value {

		private volatile double current;

		double current() {
			return current;
		}

	}

}
