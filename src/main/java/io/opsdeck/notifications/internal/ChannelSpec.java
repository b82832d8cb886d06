package io.opsdeck.notifications.internal;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * A channel as a client describes it, before validation ({@link ChannelRules}). Field names are the API's.
 *
 * @param name unique name, 1-100 characters
 * @param type {@code WEBHOOK} or {@code EMAIL}
 * @param format webhook only: {@code SLACK} or {@code GENERIC} (default {@code GENERIC})
 * @param url webhook only: {@code http://} or {@code https://} URL; on update {@code null} keeps the stored one
 * @param secret webhook only: HMAC-SHA256 key (16-200 characters); on update {@code null} keeps the stored one and
 * {@code ""} removes it
 * @param recipients e-mail only: 1-20 addresses
 * @param eventTypes 1 or more event types
 * @param environments environment names; {@code null} or empty: every environment
 * @param enabled default true
 */
public record ChannelSpec(@Nullable String name, @Nullable String type, @Nullable String format,
		@Nullable String url, @Nullable String secret, @Nullable List<String> recipients,
		@Nullable List<String> eventTypes, @Nullable List<String> environments, @Nullable Boolean enabled) {
}
