package io.opsdeck.notifications.internal;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Component;

/**
 * Renders an event as a webhook body or an e-mail (docs/notifications.md, "Payloads"). The generic body is stable:
 * new fields may be added, none is renamed or removed.
 */
@Component
class Payloads {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final NotificationsProperties properties;

	Payloads(NotificationsProperties properties) {
		this.properties = properties;
	}

	/**
	 * @param event the event
	 * @param deliveryId the delivery, stable across its attempts
	 * @param format body format
	 * @return the UTF-8 JSON body
	 */
	byte[] webhook(NotificationEvent event, UUID deliveryId, WebhookFormat format) {
		Map<String, Object> body = new LinkedHashMap<>();
		if (format == WebhookFormat.SLACK) {
			body.put("text", slackText(event));
		}
		else {
			body.put("id", event.id().toString());
			body.put("type", event.type().name());
			body.put("environment", event.environment());
			body.put("subject", event.subject());
			body.put("summary", event.summary());
			body.put("link", (event.link() == null) ? null : properties.link(event.link()));
			body.put("occurredAt", event.occurredAt().toString());
			body.put("resolved", event.resolved());
			body.put("test", event.test());
			body.put("deliveryId", deliveryId.toString());
		}
		return JSON.writeValueAsString(body).getBytes(StandardCharsets.UTF_8);
	}

	/** @return the e-mail subject line, e.g. {@code [Opsdeck] RUN_FAILED staging: run 6f0c…} */
	String mailSubject(NotificationEvent event) {
		return Text.cap("[Opsdeck] " + title(event) + ": " + event.subject(), 200).replaceAll("[\\r\\n]", " ");
	}

	/** @return the plain-text e-mail body */
	String mailText(NotificationEvent event) {
		StringBuilder text = new StringBuilder();
		text.append(title(event)).append("\n\n").append(event.summary()).append("\n\n");
		if (event.environment() != null) {
			text.append("Environment: ").append(event.environment()).append('\n');
		}
		text.append("Subject:     ").append(event.subject()).append('\n');
		text.append("Occurred at: ").append(event.occurredAt()).append('\n');
		if (event.link() != null) {
			text.append("Link:        ").append(properties.link(event.link())).append('\n');
		}
		text.append("Event id:    ").append(event.id()).append("\n\n-- \nOpsdeck notifications\n");
		return text.toString();
	}

	private String slackText(NotificationEvent event) {
		StringBuilder text = new StringBuilder();
		text.append(event.resolved() ? ":white_check_mark: " : event.test() ? ":wave: " : ":rotating_light: ");
		text.append('*').append(escape(title(event))).append("*\n").append(escape(event.summary()));
		if (event.link() != null) {
			String link = properties.link(event.link());
			text.append('\n').append(link.startsWith("http") ? "<" + escape(link) + "|Open in Opsdeck>" : escape(link));
		}
		return text.toString();
	}

	private static String title(NotificationEvent event) {
		String title = event.type().name() + (event.resolved() ? " resolved" : "");
		return (event.environment() == null) ? title : title + " " + event.environment();
	}

	/** Slack's three control characters (Slack API docs, "Escaping text"). */
	private static String escape(String text) {
		return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
	}

}
