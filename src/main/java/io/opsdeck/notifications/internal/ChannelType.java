package io.opsdeck.notifications.internal;

/** How a channel delivers: an HTTP POST to a webhook URL, or e-mail through the configured SMTP server. */
public enum ChannelType {

	WEBHOOK, EMAIL

}
