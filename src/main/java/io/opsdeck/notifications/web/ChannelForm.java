package io.opsdeck.notifications.web;

import java.util.Arrays;
import java.util.List;

import io.opsdeck.notifications.internal.ChannelSpec;
import org.jspecify.annotations.Nullable;

/**
 * The notifications page's "New channel" form. {@code recipients} is one text field (addresses separated by commas,
 * semicolons or spaces); the signing {@code secret} is bound but never rendered back (its input has no value).
 */
record ChannelForm(@Nullable String name, @Nullable String type, @Nullable String format, @Nullable String url,
		@Nullable String secret, @Nullable String recipients, @Nullable List<String> eventTypes,
		@Nullable List<String> environments) {

	/** The empty form: a Slack webhook for every subscribable event. */
	static ChannelForm empty(List<String> allEventTypes) {
		return new ChannelForm("", "WEBHOOK", "SLACK", "", null, "", allEventTypes, List.of());
	}

	/** @return the service's spec; webhook fields are dropped for an e-mail channel and recipients for a webhook */
	ChannelSpec toSpec() {
		boolean webhook = "WEBHOOK".equals(type);
		return new ChannelSpec(name, type, webhook ? format : null, webhook ? blankToNull(url) : null,
				webhook ? blankToNull(secret) : null, webhook ? null : split(recipients), eventTypes, environments,
				true);
	}

	private static @Nullable String blankToNull(@Nullable String value) {
		return (value == null || value.isBlank()) ? null : value.strip();
	}

	private static @Nullable List<String> split(@Nullable String value) {
		if (value == null || value.isBlank()) {
			return null;
		}
		return Arrays.stream(value.split("[,;\\s]+")).filter(s -> !s.isBlank()).toList();
	}

}
