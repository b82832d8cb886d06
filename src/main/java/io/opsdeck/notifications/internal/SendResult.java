package io.opsdeck.notifications.internal;

import org.jspecify.annotations.Nullable;

/**
 * What one attempt to send gave.
 *
 * @param success accepted by the receiver
 * @param responseCode the HTTP status, or {@code null}
 * @param error why it failed (capped to 500 characters, never a secret or a URL), or {@code null}
 */
record SendResult(boolean success, @Nullable Integer responseCode, @Nullable String error) {

	static SendResult ok(@Nullable Integer responseCode) {
		return new SendResult(true, responseCode, null);
	}

	static SendResult failed(@Nullable Integer responseCode, String error) {
		return new SendResult(false, responseCode, Text.cap(error, 500));
	}

}
