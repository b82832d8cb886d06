package io.opsdeck.notifications.internal;

/** The body a webhook channel posts (docs/notifications.md, "Payloads"). */
public enum WebhookFormat {

	/** a Slack incoming-webhook message, {@code {"text": "..."}} (also understood by Mattermost, Rocket.Chat) */
	SLACK,

	/** Opsdeck's own JSON: id, type, environment, subject, summary, link, occurredAt, resolved, test */
	GENERIC

}
