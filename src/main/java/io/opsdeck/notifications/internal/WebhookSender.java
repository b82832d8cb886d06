package io.opsdeck.notifications.internal;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;

import org.springframework.stereotype.Component;
import org.springframework.util.function.SingletonSupplier;

/**
 * Posts a webhook body with the JDK HTTP client: connect and request timeouts, no redirects followed (a 3xx is a
 * failure), 2xx is success. Headers: {@code X-Opsdeck-Event} (type), {@code X-Opsdeck-Event-Id},
 * {@code X-Opsdeck-Delivery}, and when the channel has a secret {@code X-Opsdeck-Timestamp} and
 * {@code X-Opsdeck-Signature} ({@link Signatures}). Errors name neither the URL nor the secret.
 */
@Component
class WebhookSender {

	// made at the first request, not with the bean: building a JDK HttpClient initialises the default SSLContext
	// (the JDK's trust store, ~500 classes) and starts its selector thread, which a start without webhooks/exporters
	// does not need (docs/benchmarks.md, start-up, sixth round)
	private final SingletonSupplier<HttpClient> http;

	private final NotificationsProperties properties;

	private final Payloads payloads;

	WebhookSender(NotificationsProperties properties, Payloads payloads) {
		this.properties = properties;
		this.payloads = payloads;
		this.http = SingletonSupplier.of(() -> HttpClient.newBuilder()
			.connectTimeout(properties.connectTimeout())
			.followRedirects(HttpClient.Redirect.NEVER)
			.build());
	}

	SendResult send(Channel channel, Delivery delivery, Optional<byte[]> secret) {
		WebhookFormat format = (channel.format() == null) ? WebhookFormat.GENERIC : channel.format();
		byte[] body = payloads.webhook(delivery.event(), delivery.id(), format);
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(channel.url()))
			.timeout(properties.requestTimeout())
			.header("Content-Type", "application/json; charset=utf-8")
			.header("User-Agent", "Opsdeck-Notifications/1")
			.header("X-Opsdeck-Event", delivery.eventType().name())
			.header("X-Opsdeck-Event-Id", delivery.eventId().toString())
			.header("X-Opsdeck-Delivery", delivery.id().toString())
			.POST(HttpRequest.BodyPublishers.ofByteArray(body));
		if (secret.isPresent()) {
			long timestamp = Instant.now().getEpochSecond();
			request.header(Signatures.TIMESTAMP_HEADER, Long.toString(timestamp));
			request.header(Signatures.SIGNATURE_HEADER, Signatures.sign(secret.get(), timestamp, body));
		}
		try {
			HttpResponse<byte[]> response = http.obtain().send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
			int status = response.statusCode();
			if (status >= 200 && status < 300) {
				return SendResult.ok(status);
			}
			String text = new String(response.body(), 0, Math.min(response.body().length, 300),
					StandardCharsets.UTF_8).replaceAll("\\p{Cntrl}", " ").strip();
			return SendResult.failed(status, "HTTP " + status + (text.isEmpty() ? "" : ": " + text));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return SendResult.failed(null, "interrupted (shutting down)");
		}
		catch (IOException | RuntimeException ex) {
			return SendResult.failed(null, describe(ex, channel.url()));
		}
	}

	/** @return the exception's type and message, with the URL (which may carry a token) removed */
	static String describe(Exception ex, String url) {
		Throwable source = (ex.getMessage() == null && ex.getCause() != null) ? ex.getCause() : ex;
		String message = (source.getMessage() == null) ? "" : source.getMessage().replace(url, "<url>");
		return ex.getClass().getSimpleName() + (message.isEmpty() ? "" : ": " + message);
	}

}
