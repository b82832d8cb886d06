package io.opsdeck.notifications.internal;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.mail.MailException;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.MimeMessageHelper;
import org.springframework.stereotype.Component;

/**
 * Sends notification e-mail through Spring Boot's {@link JavaMailSender}, which exists when {@code spring.mail.host}
 * is set (docs/notifications.md, "E-mail"). Without it, every e-mail delivery fails with a message saying so, and
 * stays visible as failed.
 */
@Component
class NotificationMailer {

	private final ObjectProvider<JavaMailSender> mail;

	private final NotificationsProperties properties;

	private final Payloads payloads;

	NotificationMailer(ObjectProvider<JavaMailSender> mail, NotificationsProperties properties, Payloads payloads) {
		this.mail = mail;
		this.properties = properties;
		this.payloads = payloads;
	}

	SendResult send(Channel channel, Delivery delivery) {
		JavaMailSender sender = mail.getIfAvailable();
		if (sender == null) {
			return SendResult.failed(null, "e-mail is not configured: set spring.mail.host (docs/notifications.md)");
		}
		try {
			MimeMessage message = sender.createMimeMessage();
			MimeMessageHelper helper = new MimeMessageHelper(message, false, "UTF-8");
			helper.setFrom(properties.mailFrom());
			helper.setTo(channel.recipients().toArray(String[]::new));
			helper.setSubject(payloads.mailSubject(delivery.event()));
			helper.setText(payloads.mailText(delivery.event()), false);
			message.setHeader("X-Opsdeck-Event", delivery.eventType().name());
			message.setHeader("X-Opsdeck-Event-Id", delivery.eventId().toString());
			sender.send(message);
			return SendResult.ok(null);
		}
		catch (MessagingException | MailException ex) {
			return SendResult.failed(null, ex.getClass().getSimpleName() + ": " + ex.getMessage());
		}
	}

}
