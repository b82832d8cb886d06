package io.opsdeck.schedules.internal;

import java.time.OffsetDateTime;
import java.util.List;

/**
 * The fire times a cron expression would have.
 *
 * @param nextFireTimes the next fire times in the zone, with offset
 * @param warnings problems and daylight-saving notes for the coming year (empty when none)
 */
public record SchedulePreview(List<OffsetDateTime> nextFireTimes, List<String> warnings) {
}
