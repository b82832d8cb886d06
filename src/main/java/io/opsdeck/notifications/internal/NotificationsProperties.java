package io.opsdeck.notifications.internal;

import java.net.URI;
import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code opsdeck.notifications.*} (docs/notifications.md). SMTP itself is configured with Spring Boot's
 * {@code spring.mail.*}.
 *
 * @param baseUrl Opsdeck's public URL (e.g. {@code https://opsdeck.example.com}), used to make links in messages
 * absolute; {@code null}: links are paths such as {@code /runs/<id>}
 * @param mailFrom the {@code From} address of notification e-mail
 * @param pollInterval how often the worker looks for due deliveries (it is also woken when an event is raised)
 * @param retryInitialDelay delay before the first retry; each further retry waits {@code retryMultiplier} times
 * longer, at most {@code retryMaxDelay} (defaults: 30 s, 2 min, 8 min, 32 min, 1 h, ...)
 * @param retryMultiplier growth factor of the delay, at least 1
 * @param retryMaxDelay the longest delay between two attempts
 * @param maxAttempts attempts before a delivery is {@code FAILED} (it can then be retried by hand), 1-100
 * @param connectTimeout webhook connection timeout
 * @param requestTimeout webhook timeout for the whole request, response included
 * @param sendLease how long a claimed delivery is reserved for the node sending it; after that another node may
 * retry it (a node that died mid-send)
 * @param evaluationInterval how often the state conditions (drill overdue, backup stale, reboot required) are
 * evaluated
 * @param backupMaxAge age above which the newest backup is stale (seed: daily backups; 26 h)
 */
@ConfigurationProperties("opsdeck.notifications")
public record NotificationsProperties(@Nullable URI baseUrl, @DefaultValue("opsdeck@localhost") String mailFrom,
		@DefaultValue("5s") Duration pollInterval, @DefaultValue("30s") Duration retryInitialDelay,
		@DefaultValue("4") double retryMultiplier, @DefaultValue("1h") Duration retryMaxDelay,
		@DefaultValue("8") int maxAttempts, @DefaultValue("10s") Duration connectTimeout,
		@DefaultValue("30s") Duration requestTimeout, @DefaultValue("2m") Duration sendLease,
		@DefaultValue("5m") Duration evaluationInterval, @DefaultValue("26h") Duration backupMaxAge) {

	public NotificationsProperties {
		baseUrl = (baseUrl == null || baseUrl.toString().isBlank()) ? null : baseUrl;
		if (retryMultiplier < 1) {
			throw new IllegalArgumentException("opsdeck.notifications.retry-multiplier must be at least 1");
		}
		if (maxAttempts < 1 || maxAttempts > 100) {
			throw new IllegalArgumentException("opsdeck.notifications.max-attempts must be 1-100");
		}
	}

	/**
	 * @param attempts attempts made so far, at least 1
	 * @return how long to wait before the next attempt
	 */
	public Duration delayAfter(int attempts) {
		double millis = retryInitialDelay.toMillis() * Math.pow(retryMultiplier, Math.max(0, attempts - 1));
		return (millis >= retryMaxDelay.toMillis()) ? retryMaxDelay : Duration.ofMillis((long) millis);
	}

	/**
	 * @param path an absolute path in Opsdeck, e.g. {@code /runs/<id>}
	 * @return the link for messages
	 */
	public String link(String path) {
		if (baseUrl == null) {
			return path;
		}
		String base = baseUrl.toString();
		return (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + path;
	}

}
