package io.opsdeck.notifications.internal;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import io.opsdeck.notifications.NotificationEventType;
import org.jspecify.annotations.Nullable;

/**
 * A stored channel, without its secret.
 *
 * @param id channel id
 * @param name unique name
 * @param type webhook or e-mail
 * @param format webhook body format; {@code null} for e-mail
 * @param url webhook URL; {@code null} for e-mail. It may itself be a credential (a Slack URL is): never log it
 * @param hasSecret whether webhook bodies are signed
 * @param recipients e-mail addresses; empty for a webhook
 * @param eventTypes what it subscribes to
 * @param environments environment names it is limited to; {@code null}: every environment
 * @param enabled whether new events are routed to it
 * @param createdAt when created
 * @param createdBy {@code kind:name} of the creator
 * @param updatedAt when last changed
 * @param updatedBy {@code kind:name} of who last changed it
 */
public record Channel(UUID id, String name, ChannelType type, @Nullable WebhookFormat format, @Nullable String url,
		boolean hasSecret, List<String> recipients, Set<NotificationEventType> eventTypes,
		@Nullable List<String> environments, boolean enabled, Instant createdAt, String createdBy, Instant updatedAt,
		String updatedBy) {

	/**
	 * @param type event type
	 * @param environment the event's environment, or {@code null} for one that spans several (it then only reaches
	 * channels for every environment)
	 * @return whether an event of this type and environment goes to this channel
	 */
	public boolean routes(NotificationEventType type, @Nullable String environment) {
		if (!enabled || !eventTypes.contains(type)) {
			return false;
		}
		return environments == null || (environment != null && environments.contains(environment));
	}

	/**
	 * @return where it delivers, safe to show and log: the webhook URL's scheme, host and port with the path
	 * hidden (Slack URLs carry their token in the path), or the recipients
	 */
	public String target() {
		if (type == ChannelType.EMAIL || url == null) {
			return String.join(", ", recipients);
		}
		return redact(url);
	}

	/**
	 * @param url an http(s) URL
	 * @return its origin followed by {@code /…} when it has a path or query
	 */
	public static String redact(String url) {
		try {
			URI uri = URI.create(url);
			String origin = uri.getScheme() + "://" + uri.getHost() + ((uri.getPort() > 0) ? ":" + uri.getPort() : "");
			boolean more = (uri.getRawPath() != null && uri.getRawPath().length() > 1) || uri.getRawQuery() != null;
			return more ? origin + "/…" : origin;
		}
		catch (IllegalArgumentException ex) {
			return "(invalid URL)";
		}
	}

}
