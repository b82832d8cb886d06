package io.opsdeck.support;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;

import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;

/**
 * A real SMTP server in the test JVM (GreenMail) on 127.0.0.106 and a free port, started once per JVM when the first
 * integration-test context starts, and pointed to by that context's {@code spring.mail.host} and
 * {@code spring.mail.port}: the shared context sends notification e-mail the way a production one does
 * (docs/notifications.md), and nothing else in it sends mail. Messages from all tests accumulate: select yours by
 * recipient.
 */
public class SmtpServer implements ApplicationContextInitializer<ConfigurableApplicationContext> {

	/** The loopback address of the notification tests' SMTP server (docs/design/operations-contract.md). */
	public static final String HOST = "127.0.0.106";

	private static GreenMail server;

	/** @return the running server, started on first use */
	public static synchronized GreenMail shared() {
		if (server == null) {
			GreenMail started = new GreenMail(new ServerSetup(0, HOST, ServerSetup.PROTOCOL_SMTP).dynamicPort());
			started.start();
			Runtime.getRuntime().addShutdownHook(new Thread(started::stop, "greenmail-stop"));
			server = started;
		}
		return server;
	}

	/**
	 * @param recipient an address
	 * @return the messages received for it so far, oldest first
	 */
	public static List<MimeMessage> messagesTo(String recipient) {
		return Arrays.stream(shared().getReceivedMessages()).filter(message -> {
			try {
				Address[] to = message.getAllRecipients();
				return to != null && Arrays.stream(to).anyMatch(a -> a.toString().equalsIgnoreCase(recipient));
			}
			catch (MessagingException ex) {
				return false;
			}
		}).toList();
	}

	@Override
	public void initialize(ConfigurableApplicationContext context) {
		GreenMail smtp = shared();
		context.getEnvironment()
			.getPropertySources()
			.addFirst(new MapPropertySource("opsdeck-test-smtp", Map.of("spring.mail.host", HOST, "spring.mail.port",
					Integer.toString(smtp.getSmtp().getPort()))));
	}

}
