package io.opsdeck.notifications.internal;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.opsdeck.notifications.NotificationEventType;
import io.opsdeck.shared.InvalidInputException;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The pure parts: backoff, signature, payloads, URL redaction and channel validation. */
class NotificationRulesTests {

	private static final NotificationsProperties DEFAULTS = new NotificationsProperties(
			URI.create("https://opsdeck.example.com/"), "opsdeck@localhost", Duration.ofSeconds(5),
			Duration.ofSeconds(30), 4, Duration.ofHours(1), 8, Duration.ofSeconds(10), Duration.ofSeconds(30),
			Duration.ofMinutes(2), Duration.ofMinutes(5), Duration.ofHours(26));

	@Test
	void backoffGrowsFourfoldFromThirtySecondsUpToAnHour() {
		assertThat(List.of(1, 2, 3, 4, 5, 6).stream().map(DEFAULTS::delayAfter).toList()).containsExactly(
				Duration.ofSeconds(30), Duration.ofMinutes(2), Duration.ofMinutes(8), Duration.ofMinutes(32),
				Duration.ofHours(1), Duration.ofHours(1));
	}

	@Test
	void theSignatureIsHmacSha256OverTimestampDotBody() {
		// echo -n '1700000000.{"a":1}' | openssl dgst -sha256 -hmac 'key-0123456789abcdef'
		assertThat(Signatures.sign("key-0123456789abcdef".getBytes(StandardCharsets.UTF_8), 1700000000L,
				"{\"a\":1}".getBytes(StandardCharsets.UTF_8)))
			.isEqualTo("sha256=8a091117e0b1ccf5034d0d8c06ab42b29a4451a72f95b56f22afaf6bfb7af0d3");
	}

	@Test
	void slackTextIsEscapedAndLinksAreAbsolute() {
		NotificationEvent event = new NotificationEvent(UUID.randomUUID(), NotificationEventType.RUN_FAILED, "staging",
				"run x", "a <b> & c", "/runs/x", false, false, Instant.parse("2026-12-04T23:00:00Z"));
		JsonNode slack = JsonMapper.builder().build()
			.readTree(new Payloads(DEFAULTS).webhook(event, UUID.randomUUID(), WebhookFormat.SLACK));
		assertThat(slack.path("text").asText()).contains("*RUN_FAILED staging*")
			.contains("a &lt;b&gt; &amp; c")
			.contains("<https://opsdeck.example.com/runs/x|Open in Opsdeck>");
		assertThat(slack.size()).isEqualTo(1);
	}

	@Test
	void webhookUrlsAreShownWithoutTheirPath() {
		assertThat(Channel.redact("https://hooks.slack.com/services/T0/B0/secret")).isEqualTo("https://hooks.slack.com/…");
		assertThat(Channel.redact("http://127.0.0.1:8080")).isEqualTo("http://127.0.0.1:8080");
	}

	@Test
	void channelInputIsCheckedFieldByField() {
		assertThatThrownBy(() -> ChannelRules.check(new ChannelSpec("a", "WEBHOOK", null, "file:///etc/passwd", null,
				null, List.of("RUN_FAILED"), null, null), null))
			.isInstanceOfSatisfying(InvalidInputException.class, ex -> assertThat(ex.field()).isEqualTo("url"));
		assertThatThrownBy(() -> ChannelRules.check(new ChannelSpec("a", "EMAIL", null, null, null,
				List.of("ops@example.com", "a@b@c"), List.of("RUN_FAILED"), null, null), null))
			.isInstanceOfSatisfying(InvalidInputException.class,
					ex -> assertThat(ex.field()).isEqualTo("recipients[1]"));
		assertThatThrownBy(() -> ChannelRules.check(new ChannelSpec("a", "EMAIL", null, null, null,
				List.of("ops@example.com"), List.of("TEST"), null, null), null))
			.isInstanceOfSatisfying(InvalidInputException.class,
					ex -> assertThat(ex.field()).isEqualTo("eventTypes[0]"));
		ChannelRules.Valid valid = ChannelRules.check(new ChannelSpec(" ops ", "webhook", null,
				"https://example.com/hook", null, null, List.of("RUN_FAILED", "RUN_FAILED"), List.of(), null), null);
		assertThat(valid.name()).isEqualTo("ops");
		assertThat(valid.format()).isEqualTo(WebhookFormat.GENERIC);
		assertThat(valid.environments()).isNull();
		assertThat(valid.eventTypes()).containsExactly(NotificationEventType.RUN_FAILED);
	}

}
