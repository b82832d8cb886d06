package io.opsdeck.schedules.web;

import io.swagger.v3.oas.annotations.media.Schema;
import org.jspecify.annotations.Nullable;

/**
 * Optional body of {@code POST /api/v1/environments/{name}/schedules/presets}.
 *
 * @param timeZone IANA zone id of the presets; {@code null}: {@code opsdeck.schedules.default-time-zone}
 */
record PresetsRequest(@Schema(example = "Europe/Berlin") @Nullable String timeZone) {
}
