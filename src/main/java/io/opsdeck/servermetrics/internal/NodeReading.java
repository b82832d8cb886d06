package io.opsdeck.servermetrics.internal;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * What Opsdeck keeps of one node_exporter scrape. CPU use needs two scrapes (its counters are cumulative), so the
 * reading holds the counters and {@link #cpuPercentSince} computes the use between two readings.
 *
 * @param cpuIdleSeconds {@code node_cpu_seconds_total{mode="idle"}} summed over all CPUs, seconds since boot
 * @param cpuTotalSeconds {@code node_cpu_seconds_total} summed over all CPUs and modes, seconds since boot
 * @param memoryPercent {@code 100 * (1 - MemAvailable / MemTotal)}, as {@code free} counts "available"
 * @param diskPercent use of the file system mounted at {@code /}, as {@code df} computes it: {@code 100 * used /
 * (used + avail)} with {@code used = size - free} (the root-reserved blocks count as neither)
 * @param load1 {@code node_load1}, the 1-minute load average
 */
record NodeReading(@Nullable Double cpuIdleSeconds, @Nullable Double cpuTotalSeconds, @Nullable Double memoryPercent,
		@Nullable Double diskPercent, @Nullable Double load1) {

	/**
	 * @param samples a parsed node_exporter scrape
	 * @return the reading; a value whose metrics are missing (collector disabled, no {@code /} mount) or not finite
	 * and non-negative is null (never NaN or infinite); CPU counters are null when any CPU sample is such
	 */
	static NodeReading of(List<ExpositionText.Sample> samples) {
		double idle = 0;
		double total = 0;
		boolean cpu = false;
		boolean broken = false;
		Double memAvailable = null;
		Double memTotal = null;
		Double fsSize = null;
		Double fsFree = null;
		Double fsAvail = null;
		Double load1 = null;
		for (ExpositionText.Sample sample : samples) {
			// NaN, ±Inf and negative values mean nothing for these metrics: as if the exporter had not sent them
			if (!Double.isFinite(sample.value()) || sample.value() < 0) {
				if ("node_cpu_seconds_total".equals(sample.name())) {
					broken = true;
				}
				continue;
			}
			switch (sample.name()) {
				case "node_cpu_seconds_total" -> {
					cpu = true;
					total += sample.value();
					if ("idle".equals(sample.labels().get("mode"))) {
						idle += sample.value();
					}
				}
				case "node_memory_MemAvailable_bytes" -> memAvailable = sample.value();
				case "node_memory_MemTotal_bytes" -> memTotal = sample.value();
				case "node_filesystem_size_bytes" -> fsSize = root(sample, fsSize);
				case "node_filesystem_free_bytes" -> fsFree = root(sample, fsFree);
				case "node_filesystem_avail_bytes" -> fsAvail = root(sample, fsAvail);
				case "node_load1" -> load1 = sample.value();
				default -> {
				}
			}
		}
		Double memory = (memAvailable != null && memTotal != null && memTotal > 0)
				? clamp(100 * (1 - memAvailable / memTotal)) : null;
		Double disk = null;
		if (fsSize != null && fsFree != null && fsAvail != null) {
			double used = fsSize - fsFree;
			disk = (used + fsAvail > 0) ? clamp(100 * used / (used + fsAvail)) : null;
		}
		boolean counters = cpu && !broken;
		return new NodeReading(counters ? idle : null, counters ? total : null, finite(memory), finite(disk),
				finite(load1));
	}

	/** @return whether the answer held none of the metrics Opsdeck reads (not a node_exporter, or all broken) */
	boolean isEmpty() {
		return cpuIdleSeconds == null && cpuTotalSeconds == null && memoryPercent == null && diskPercent == null
				&& load1 == null;
	}

	/**
	 * @param previousIdle {@link #cpuIdleSeconds} of an earlier reading of the same server
	 * @param previousTotal {@link #cpuTotalSeconds} of that reading
	 * @return CPU use in percent (0–100, all CPUs together) between the two readings, or null when either has no CPU
	 * counters or the counters went back (a reboot) or did not move
	 */
	@Nullable Double cpuPercentSince(@Nullable Double previousIdle, @Nullable Double previousTotal) {
		if (cpuIdleSeconds == null || cpuTotalSeconds == null || previousIdle == null || previousTotal == null) {
			return null;
		}
		double totalDelta = cpuTotalSeconds - previousTotal;
		double idleDelta = cpuIdleSeconds - previousIdle;
		if (totalDelta <= 0 || idleDelta < 0) {
			return null;
		}
		return clamp(100 * (1 - idleDelta / totalDelta));
	}

	private static @Nullable Double root(ExpositionText.Sample sample, @Nullable Double current) {
		return "/".equals(sample.labels().get("mountpoint")) && current == null ? sample.value() : current;
	}

	private static @Nullable Double finite(@Nullable Double value) {
		return (value == null || !Double.isFinite(value) || value < 0) ? null : value;
	}

	private static double clamp(double percent) {
		return Math.max(0, Math.min(100, percent));
	}

}
