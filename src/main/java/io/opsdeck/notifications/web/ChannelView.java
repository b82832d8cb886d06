package io.opsdeck.notifications.web;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.opsdeck.notifications.NotificationEventType;
import io.opsdeck.notifications.internal.Channel;
import org.jspecify.annotations.Nullable;

/**
 * A channel as the API returns it: the secret never, the webhook URL only as its origin (a Slack URL's path is its
 * token).
 *
 * @param id channel id
 * @param name name
 * @param type {@code WEBHOOK} or {@code EMAIL}
 * @param format {@code SLACK} or {@code GENERIC}, or {@code null} for e-mail
 * @param target where it delivers: the URL's scheme, host and port followed by {@code /…}, or the recipients
 * @param signed whether webhook bodies carry an HMAC signature
 * @param recipients e-mail recipients
 * @param eventTypes subscribed event types
 * @param environments environments, or {@code null} for all
 * @param enabled whether new events reach it
 * @param createdAt when created
 * @param createdBy who created it
 * @param updatedAt when last changed
 * @param updatedBy who last changed it
 */
record ChannelView(UUID id, String name, String type, @Nullable String format, String target, boolean signed,
		List<String> recipients, List<NotificationEventType> eventTypes, @Nullable List<String> environments,
		boolean enabled, Instant createdAt, String createdBy, Instant updatedAt, String updatedBy) {

	static ChannelView of(Channel channel) {
		return new ChannelView(channel.id(), channel.name(), channel.type().name(),
				(channel.format() == null) ? null : channel.format().name(), channel.target(), channel.hasSecret(),
				channel.recipients(), channel.eventTypes().stream().sorted().toList(), channel.environments(),
				channel.enabled(), channel.createdAt(), channel.createdBy(), channel.updatedAt(), channel.updatedBy());
	}

}
