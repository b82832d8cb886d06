package io.opsdeck.notifications.web;

import java.util.List;

import io.opsdeck.notifications.internal.ChannelSpec;
import io.swagger.v3.oas.annotations.media.Schema;
import org.jspecify.annotations.Nullable;

/**
 * Body of {@code POST /api/v1/notification-channels} and {@code PUT /api/v1/notification-channels/{id}}.
 *
 * <pre>
 * {"name":"ops-slack","type":"WEBHOOK","format":"SLACK","url":"https://hooks.slack.com/services/T000/B000/XXXX",
 *  "eventTypes":["RUN_FAILED","DRILL_FAILED"],"environments":["production"]}
 * {"name":"ops-mail","type":"EMAIL","recipients":["ops@example.com"],"eventTypes":["BACKUP_STALE"]}
 * </pre>
 *
 * @param name unique name, 1-100 characters
 * @param type {@code WEBHOOK} or {@code EMAIL}
 * @param format webhook only: {@code SLACK} or {@code GENERIC} (default)
 * @param url webhook only: an {@code http://} or {@code https://} URL; on update omit it to keep the stored one
 * @param secret webhook only: HMAC-SHA256 key, 16-200 printable characters; never returned. On update omit it to
 * keep the stored one, {@code ""} removes it
 * @param recipients e-mail only: 1-20 addresses
 * @param eventTypes what to notify about
 * @param environments environment names; omitted or empty: every environment
 * @param enabled default true
 */
record ChannelRequest(@Schema(example = "ops-slack") @Nullable String name,
		@Schema(allowableValues = { "WEBHOOK", "EMAIL" }) @Nullable String type,
		@Schema(allowableValues = { "SLACK", "GENERIC" }) @Nullable String format,
		@Schema(example = "https://hooks.slack.com/services/T000/B000/XXXX") @Nullable String url,
		@Schema(writeOnly = true) @Nullable String secret, @Nullable List<String> recipients,
		@Schema(example = "[\"RUN_FAILED\",\"DRILL_FAILED\"]") @Nullable List<String> eventTypes,
		@Nullable List<String> environments, @Nullable Boolean enabled) {

	ChannelSpec toSpec() {
		return new ChannelSpec(name, type, format, url, secret, recipients, eventTypes, environments, enabled);
	}

}
