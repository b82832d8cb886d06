package io.opsdeck.drills;

import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * Published once after a drill was judged and stored (seed: Disaster Recovery, "Test DR procedures quarterly"; RTO
 * target 30 minutes by default). Published outside the drill's transaction; exactly one node publishes it.
 *
 * @param drillId drill id
 * @param runId the drill's Ansible run
 * @param environment environment name
 * @param type drill type
 * @param status final status ({@code SUCCEEDED}, {@code PARTIALLY_FAILED} or {@code FAILED})
 * @param durationSeconds measured recovery time in seconds, or {@code null} when the drill never got far enough to
 * time it
 * @param rtoTargetSeconds the RTO target the drill was judged against, in seconds
 * @param rtoBreached whether the measured time exceeded the RTO target
 * @param triggeredBy {@code kind:name} of who started it (e.g. {@code schedule:quarterly-drill})
 * @param finishedAt when it was judged
 */
public record DrillFinished(UUID drillId, UUID runId, String environment, DrillType type, DrillStatus status,
		@Nullable Double durationSeconds, int rtoTargetSeconds, boolean rtoBreached, String triggeredBy,
		Instant finishedAt) {
}
