package io.opsdeck.notifications.internal;

import org.jspecify.annotations.Nullable;

/** Small text helpers. */
final class Text {

	private Text() {
	}

	/**
	 * @param text any text
	 * @param max most characters to keep
	 * @return the text, cut with an ellipsis when longer; {@code null} stays {@code null}
	 */
	static @Nullable String capNullable(@Nullable String text, int max) {
		return (text == null) ? null : cap(text, max);
	}

	static String cap(String text, int max) {
		return (text.length() <= max) ? text : text.substring(0, max - 1) + "…";
	}

}
