package io.opsdeck.notifications.internal;

import java.time.Instant;
import java.util.UUID;

import io.opsdeck.notifications.NotificationEventType;
import org.jspecify.annotations.Nullable;

/**
 * One event to one channel, with its current state.
 *
 * @param id delivery id
 * @param eventId the event's stable id
 * @param eventType event type
 * @param environment the event's environment, or {@code null}
 * @param subject what the event is about
 * @param summary the event's text
 * @param link path in Opsdeck, or {@code null}
 * @param resolved the event says a condition cleared
 * @param test a "Send test" message
 * @param occurredAt when the event happened
 * @param channelId channel id
 * @param channelName channel name
 * @param status {@code PENDING} (waiting for its first or next attempt), {@code DELIVERED} or {@code FAILED} (every
 * attempt failed; retry by hand)
 * @param attempts attempts made
 * @param nextAttemptAt when the next attempt is due ({@code PENDING} only)
 * @param lastAttemptAt when the last attempt started, or {@code null}
 * @param deliveredAt when it was delivered, or {@code null}
 * @param lastResponseCode the webhook's last HTTP status, or {@code null}
 * @param lastError why the last attempt failed (capped, never a secret), or {@code null}
 * @param createdAt when it was queued
 */
public record Delivery(UUID id, UUID eventId, NotificationEventType eventType, @Nullable String environment,
		String subject, String summary, @Nullable String link, boolean resolved, boolean test, Instant occurredAt,
		UUID channelId, String channelName, String status, int attempts, @Nullable Instant nextAttemptAt,
		@Nullable Instant lastAttemptAt, @Nullable Instant deliveredAt, @Nullable Integer lastResponseCode,
		@Nullable String lastError, Instant createdAt) {

	/** @return the event it delivers */
	public NotificationEvent event() {
		return new NotificationEvent(eventId, eventType, environment, subject, summary, link, resolved, test,
				occurredAt);
	}

}
