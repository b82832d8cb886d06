package io.opsdeck.schedules.internal;

import java.time.Duration;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code opsdeck.schedules.*}.
 *
 * @param defaultTimeZone zone of preset schedules when the request names none (default {@code UTC})
 * @param minimumInterval shortest allowed time between two fire times (default 60 seconds)
 * @param actionTimeout an action Opsdeck performs itself (backup verification, cleanup) still {@code RUNNING} after
 * this long is marked failed: the node running it stopped (default 1 hour)
 */
@ConfigurationProperties("opsdeck.schedules")
public record SchedulesProperties(@Nullable String defaultTimeZone, @Nullable Duration minimumInterval,
		@Nullable Duration actionTimeout) {

	public SchedulesProperties {
		defaultTimeZone = (defaultTimeZone == null || defaultTimeZone.isBlank()) ? "UTC" : defaultTimeZone;
		minimumInterval = (minimumInterval == null) ? Duration.ofSeconds(60) : minimumInterval;
		actionTimeout = (actionTimeout == null) ? Duration.ofHours(1) : actionTimeout;
	}

}
