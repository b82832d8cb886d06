package io.opsdeck.notifications.web;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.opsdeck.notifications.internal.Attempt;
import io.opsdeck.notifications.internal.Delivery;
import org.jspecify.annotations.Nullable;

/**
 * A delivery as the API returns it.
 *
 * @param id delivery id
 * @param eventId the event's stable id (the {@code id} of the generic payload)
 * @param eventType event type
 * @param environment environment, or {@code null}
 * @param subject what the event is about
 * @param summary the event's text
 * @param link path in Opsdeck, or {@code null}
 * @param resolved a cleared condition
 * @param test a "Send test" message
 * @param occurredAt when the event happened
 * @param channelId channel id
 * @param channelName channel name
 * @param status {@code PENDING}, {@code DELIVERED} or {@code FAILED}
 * @param attempts attempts made
 * @param nextAttemptAt when a {@code PENDING} delivery is next tried
 * @param lastAttemptAt when the last attempt started
 * @param deliveredAt when it was delivered
 * @param lastResponseCode the webhook's last HTTP status
 * @param lastError why the last attempt failed (capped, never a secret)
 * @param createdAt when it was queued
 * @param attemptLog every attempt, oldest first (only on {@code GET /api/v1/notification-deliveries/{id}})
 */
record DeliveryView(UUID id, UUID eventId, String eventType, @Nullable String environment, String subject,
		String summary, @Nullable String link, boolean resolved, boolean test, Instant occurredAt, UUID channelId,
		String channelName, String status, int attempts, @Nullable Instant nextAttemptAt,
		@Nullable Instant lastAttemptAt, @Nullable Instant deliveredAt, @Nullable Integer lastResponseCode,
		@Nullable String lastError, Instant createdAt, @Nullable List<Attempt> attemptLog) {

	static DeliveryView of(Delivery d, @Nullable List<Attempt> attempts) {
		return new DeliveryView(d.id(), d.eventId(), d.eventType().name(), d.environment(), d.subject(), d.summary(),
				d.link(), d.resolved(), d.test(), d.occurredAt(), d.channelId(), d.channelName(), d.status(),
				d.attempts(), d.nextAttemptAt(), d.lastAttemptAt(), d.deliveredAt(), d.lastResponseCode(),
				d.lastError(), d.createdAt(), attempts);
	}

}
