package io.opsdeck.notifications.internal;

import java.util.Properties;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.mail.autoconfigure.MailProperties;
import org.springframework.core.env.Environment;
import org.springframework.mail.MailException;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.mail.javamail.MimeMessageHelper;
import org.springframework.stereotype.Component;

/**
 * Sends notification e-mail through Spring Boot's {@link JavaMailSender}, which exists when {@code spring.mail.host}
 * is set (docs/notifications.md, "E-mail"). Without it, every e-mail delivery fails with a message saying so, and
 * stays visible as failed.
 * <p>
 * Spring Boot's sender exists only when {@code spring.mail.host} was set where its condition was evaluated; in an
 * AOT-processed start ({@code -Dspring.aot.enabled=true}, what {@code scripts/run.sh} runs) that was the build, so
 * when there is no such bean the sender is made here from the same {@code spring.mail.*} settings, read at run time.
 */
@Component
class NotificationMailer {

	private final ObjectProvider<JavaMailSender> mail;

	private final NotificationsProperties properties;

	private final Payloads payloads;

	private final Environment environment;

	private volatile JavaMailSender configured;

	NotificationMailer(ObjectProvider<JavaMailSender> mail, NotificationsProperties properties, Payloads payloads,
			Environment environment) {
		this.mail = mail;
		this.properties = properties;
		this.payloads = payloads;
		this.environment = environment;
	}

	SendResult send(Channel channel, Delivery delivery) {
		JavaMailSender sender = mail.getIfAvailable(this::configured);
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

	private JavaMailSender configured() {
		JavaMailSender sender = this.configured;
		if (sender == null) {
			sender = fromProperties(this.environment);
			this.configured = sender;
		}
		return sender;
	}

	/**
	 * @return a sender made from {@code spring.mail.*} as Spring Boot's mail auto-configuration makes it (host, port,
	 * user, password, protocol, encoding, {@code spring.mail.properties.*}, {@code spring.mail.ssl.enabled}), or
	 * {@code null} without {@code spring.mail.host}
	 */
	static JavaMailSender fromProperties(Environment environment) {
		MailProperties mail = Binder.get(environment).bindOrCreate("spring.mail", MailProperties.class);
		if (mail.getHost() == null || mail.getHost().isBlank()) {
			return null;
		}
		JavaMailSenderImpl sender = new JavaMailSenderImpl();
		sender.setHost(mail.getHost());
		if (mail.getPort() != null) {
			sender.setPort(mail.getPort());
		}
		sender.setUsername(mail.getUsername());
		sender.setPassword(mail.getPassword());
		sender.setProtocol(mail.getProtocol());
		if (mail.getDefaultEncoding() != null) {
			sender.setDefaultEncoding(mail.getDefaultEncoding().name());
		}
		Properties javaMail = new Properties();
		javaMail.putAll(mail.getProperties());
		if (mail.getSsl().isEnabled()) {
			javaMail.setProperty("mail." + mail.getProtocol() + ".ssl.enable", "true");
		}
		sender.setJavaMailProperties(javaMail);
		return sender;
	}

}
