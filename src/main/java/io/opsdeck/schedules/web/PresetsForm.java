package io.opsdeck.schedules.web;

import org.jspecify.annotations.Nullable;

/**
 * The "Add presets" form of the schedules page.
 *
 * @param environment the environment to add the preset schedules to
 * @param timeZone the presets' zone (an IANA id such as {@code Europe/Berlin}); blank: the configured default
 */
record PresetsForm(@Nullable String environment, @Nullable String timeZone) {

	static PresetsForm initial(@Nullable String environment) {
		return new PresetsForm(environment, "UTC");
	}

}
