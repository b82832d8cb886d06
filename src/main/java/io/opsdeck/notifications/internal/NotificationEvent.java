package io.opsdeck.notifications.internal;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

import io.opsdeck.notifications.NotificationEventType;
import org.jspecify.annotations.Nullable;

/**
 * Something to notify about. The id is stable for the same happening (derived with {@link #idOf}), so that raising
 * it twice stores it once and each channel receives it once.
 *
 * @param id stable event id, also in every payload so receivers can drop duplicates
 * @param type event type
 * @param environment environment name, or {@code null} when it spans several
 * @param subject what it is about, e.g. {@code run 6f0c…}, {@code web-1}
 * @param summary one or two sentences for humans; never a secret
 * @param link path in Opsdeck (e.g. {@code /runs/<id>}), or {@code null}
 * @param resolved a state condition that has cleared
 * @param test a "Send test" message
 * @param occurredAt when it happened
 */
public record NotificationEvent(UUID id, NotificationEventType type, @Nullable String environment, String subject,
		String summary, @Nullable String link, boolean resolved, boolean test, Instant occurredAt) {

	/**
	 * @param parts what identifies the happening, e.g. the event type and the run id
	 * @return a name-based (version 3) UUID of the parts
	 */
	public static UUID idOf(Object... parts) {
		StringBuilder key = new StringBuilder("opsdeck-notification");
		for (Object part : parts) {
			key.append('|').append(part);
		}
		return UUID.nameUUIDFromBytes(key.toString().getBytes(StandardCharsets.UTF_8));
	}

	/** @return the summary capped to what the database keeps */
	String cappedSummary() {
		return Text.cap(summary, 2000);
	}

}
