package io.opsdeck.drills.internal;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * An environment's drill settings with the server resolved.
 *
 * @param environment environment name
 * @param serverName inventory name of the server to restore on, or {@code null} when it was deleted since
 * @param values the settings
 * @param updatedAt when they were last saved
 * @param version raised by every save (the API's {@code ETag})
 */
public record DrillSettingsDetails(String environment, @Nullable String serverName, DrillSettingsValues values,
		Instant updatedAt, long version) {
}
