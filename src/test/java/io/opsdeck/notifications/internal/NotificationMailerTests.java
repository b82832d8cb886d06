package io.opsdeck.notifications.internal;

import java.util.Map;

import io.opsdeck.support.SmtpServer;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;

import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.JavaMailSenderImpl;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sender made from {@code spring.mail.*} at run time, for starts where Spring Boot's mail condition was
 * evaluated at build time (Spring AOT, issue 8 start-up): it sends through a real SMTP server, and there is none
 * without a host.
 */
class NotificationMailerTests {

	@Test
	void aHostSetAtRunTimeMakesASenderThatDelivers() throws Exception {
		int port = SmtpServer.shared().getSmtp().getPort();
		JavaMailSender sender = NotificationMailer.fromProperties(environment(Map.of("spring.mail.host", SmtpServer.HOST,
				"spring.mail.port", Integer.toString(port), "spring.mail.properties.mail.smtp.timeout", "20000")));

		assertThat(sender).isInstanceOf(JavaMailSenderImpl.class);
		assertThat(((JavaMailSenderImpl) sender).getJavaMailProperties()).containsEntry("mail.smtp.timeout", "20000");
		MimeMessage message = sender.createMimeMessage();
		message.setFrom("opsdeck@localhost");
		message.setRecipients(MimeMessage.RecipientType.TO, "aot-fallback@example.org");
		message.setSubject("run-time sender");
		message.setText("hello");
		sender.send(message);

		assertThat(SmtpServer.messagesTo("aot-fallback@example.org")).singleElement()
			.satisfies((received) -> assertThat(received.getSubject()).isEqualTo("run-time sender"));
	}

	@Test
	void noHostNoSender() {
		assertThat(NotificationMailer.fromProperties(environment(Map.of("spring.mail.port", "25")))).isNull();
		assertThat(NotificationMailer.fromProperties(environment(Map.of("spring.mail.host", "")))).isNull();
	}

	private static StandardEnvironment environment(Map<String, Object> properties) {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources().addFirst(new MapPropertySource("test", properties));
		return environment;
	}

}
