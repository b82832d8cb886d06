package io.opsdeck.health;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotNull;

/**
 * An environment's health thresholds (seed: Health Checks, "disk warn 80 %, critical 90 %"). A value at or above a
 * threshold crosses it. Passed to {@code health-check.yml} as {@code health_disk_warn_percent},
 * {@code health_disk_crit_percent}, {@code health_memory_warn_percent}, {@code health_load_warn_per_cpu} and
 * {@code health_load_crit_per_cpu}, and used by Opsdeck to judge the stored results. A warning threshold above its
 * critical one is refused.
 *
 * @param diskWarnPercent used space of any local mount at or above this is a warning, 1–100 (default 80)
 * @param diskCriticalPercent ... and at or above this one critical, 1–100 (default 90)
 * @param memoryWarnPercent memory used (total minus available) at or above this is a warning, 1–100 (default 90)
 * @param loadWarnPerCpu 5-minute load average per CPU at or above this is a warning, 0.01–1000 (default 1.0)
 * @param loadCriticalPerCpu ... and at or above this one critical, 0.01–1000 (default 2.0)
 */
public record HealthThresholds(
		@NotNull @DecimalMin("1") @DecimalMax("100") Double diskWarnPercent,
		@NotNull @DecimalMin("1") @DecimalMax("100") Double diskCriticalPercent,
		@NotNull @DecimalMin("1") @DecimalMax("100") Double memoryWarnPercent,
		@NotNull @DecimalMin("0.01") @DecimalMax("1000") Double loadWarnPerCpu,
		@NotNull @DecimalMin("0.01") @DecimalMax("1000") Double loadCriticalPerCpu) {

	/** The defaults of an environment nobody changed: disk 80/90 % (seed), memory 90 %, load 1.0/2.0 per CPU. */
	public static final HealthThresholds DEFAULTS = new HealthThresholds(80.0, 90.0, 90.0, 1.0, 2.0);

}
