package io.opsdeck.notifications;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import io.opsdeck.drills.DrillFinished;
import io.opsdeck.drills.DrillStatus;
import io.opsdeck.drills.DrillType;
import io.opsdeck.health.HealthCheckCompleted;
import io.opsdeck.health.HealthStatus;
import io.opsdeck.notifications.internal.ConditionEvaluator;
import io.opsdeck.support.ApiClient;
import io.opsdeck.support.Browser;
import io.opsdeck.support.DocsOutput;
import io.opsdeck.support.IntegrationTest;
import io.opsdeck.support.SmtpServer;
import io.opsdeck.support.SshdExtension;
import io.opsdeck.support.WebhookReceiver;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationEventPublisher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Notifications end to end on real parts: a failing SSH run against a real sshd (127.0.0.105) reaches a real HTTP
 * receiver (JDK HttpServer, 127.0.0.105) as a Slack message and as a signed generic body (the receiver first
 * answers 500, so the second attempt delivers), and a real SMTP server (GreenMail, 127.0.0.106) as an e-mail;
 * state conditions notify once; a delivery that keeps failing ends FAILED and is retried by hand; bad input names
 * the field; the page in headless Chromium. Writes docs/images/notifications.png.
 */
@IntegrationTest
class NotificationsIntegrationTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final Duration WAIT = Duration.ofSeconds(30);

	private static final String SECRET = "s3cret-for-hmac-0123456789";

	@RegisterExtension
	static final SshdExtension sshd = SshdExtension.on("127.0.0.105");

	private static WebhookReceiver receiver;

	private static String environment;

	private static String serverId;

	/** Channels this class made, deleted after it so that the shared context's later evaluations send nothing. */
	private static final List<String> channels = new java.util.concurrent.CopyOnWriteArrayList<>();

	private static ApiClient admin;

	@LocalServerPort
	int port;

	@Autowired
	ConditionEvaluator evaluator;

	@Autowired
	ApplicationEventPublisher events;

	ApiClient api;

	@BeforeAll
	static void start() {
		receiver = WebhookReceiver.start("127.0.0.105");
	}

	@AfterAll
	static void stop() {
		if (admin != null) {
			channels.forEach(id -> admin.delete("/api/v1/notification-channels/" + id));
		}
		receiver.close();
	}

	@BeforeEach
	void setUp() {
		api = new ApiClient(port, IntegrationTest.ADMIN_TOKEN);
		admin = api;
		if (environment != null) {
			return;
		}
		environment = "notify-" + UUID.randomUUID().toString().substring(0, 6);
		created(api.post("/api/v1/environments",
				Map.of("name", environment, "kind", "staging", "cloudProvider", "aws", "region", "us-east-1")));
		Map<String, Object> credential = new LinkedHashMap<>();
		credential.put("name", "deploy-" + environment);
		credential.put("type", "ssh-key");
		credential.put("privateKey", sshd.server().clientPrivateKey());
		String credentialId = created(api.post("/api/v1/credentials", credential)).path("id").asText();
		Map<String, Object> server = new LinkedHashMap<>();
		server.put("name", "web-" + environment);
		server.put("host", "127.0.0.105");
		server.put("port", sshd.server().port());
		server.put("username", sshd.server().username());
		server.put("environment", environment);
		server.put("credentialId", credentialId);
		server.put("hostKeyPolicy", "strict");
		server.put("hostKeyFingerprint", sshd.server().hostKeyFingerprint());
		serverId = created(api.post("/api/v1/servers", server)).path("id").asText();
	}

	@Test
	void aFailedRunArrivesAsSlackAndSignedGenericWebhookAndAsEmailRetryingA500() throws Exception {
		String recipient = "oncall-" + environment + "@example.com";
		String slack = channel(Map.of("name", environment + "-slack", "type", "WEBHOOK", "format", "SLACK", "url",
				receiver.baseUrl() + "/slack/T000/B000/token", "eventTypes", List.of("RUN_FAILED"), "environments",
				List.of(environment)));
		String generic = channel(Map.of("name", environment + "-generic", "type", "WEBHOOK", "format", "GENERIC",
				"url", receiver.baseUrl() + "/generic", "secret", SECRET, "eventTypes",
				List.of("RUN_FAILED", "DRILL_FAILED"), "environments", List.of(environment)));
		String mail = channel(Map.of("name", environment + "-mail", "type", "EMAIL", "recipients", List.of(recipient),
				"eventTypes", List.of("RUN_FAILED"), "environments", List.of(environment)));
		receiver.answer("/generic", 500);

		ApiClient.Response launched = api.post("/api/v1/runs",
				Map.of("kind", "ssh", "command", "echo about to fail; exit 3", "servers", List.of(serverId)));
		assertThat(launched.status()).as(launched.body()).isEqualTo(202);
		String runId = launched.json().path("id").asText();
		await().atMost(Duration.ofMinutes(3))
			.until(() -> api.get("/api/v1/runs/" + runId).json().path("status").asText(), "FAILED"::equals);

		await().atMost(WAIT).until(() -> receiver.requests("/slack/T000/B000/token").size() == 1
				&& receiver.requests("/generic").size() == 2 && SmtpServer.messagesTo(recipient).size() == 1);

		WebhookReceiver.Request slackRequest = receiver.requests("/slack/T000/B000/token").get(0);
		String text = JSON.readTree(slackRequest.body()).path("text").asText();
		assertThat(text).contains("RUN_FAILED " + environment).contains("FAILED (exit 3)").contains("/runs/" + runId);
		assertThat(slackRequest.headers()).doesNotContainKey("X-Opsdeck-Signature");

		List<WebhookReceiver.Request> tries = receiver.requests("/generic");
		assertThat(tries).extracting(WebhookReceiver.Request::status).containsExactly(500, 200);
		for (WebhookReceiver.Request request : tries) {
			String timestamp = request.headers().get("X-Opsdeck-Timestamp");
			assertThat(Math.abs(Instant.now().getEpochSecond() - Long.parseLong(timestamp))).isLessThan(120);
			assertThat(request.headers().get("X-Opsdeck-Signature")).isEqualTo(hmac(timestamp, request.body()));
		}
		JsonNode body = JSON.readTree(tries.get(1).body());
		assertThat(body.path("type").asText()).isEqualTo("RUN_FAILED");
		assertThat(body.path("environment").asText()).isEqualTo(environment);
		assertThat(body.path("subject").asText()).isEqualTo("run " + runId);
		assertThat(body.path("link").asText()).isEqualTo("/runs/" + runId);
		assertThat(body.path("summary").asText()).contains("FAILED (exit 3)");
		assertThat(body.path("occurredAt").asText()).isNotBlank();
		assertThat(JSON.readTree(tries.get(0).body()).path("id")).isEqualTo(body.path("id"));
		String eventId = body.path("id").asText();
		assertThat(tries.get(1).headers().get("X-Opsdeck-Event-Id")).isEqualTo(eventId);

		MimeMessage message = SmtpServer.messagesTo(recipient).get(0);
		assertThat(message.getSubject()).contains("RUN_FAILED " + environment).contains(runId);
		assertThat(message.getContent().toString()).contains("FAILED (exit 3)").contains("/runs/" + runId);

		// a receiver has the request before the sender has its answer and records the delivery: wait for the record
		await().atMost(WAIT).untilAsserted(() -> {
			JsonNode recorded = api.get("/api/v1/notification-deliveries?eventId=" + eventId).json();
			assertThat(recorded).hasSize(3);
			assertThat(recorded).allSatisfy((delivery) -> assertThat(delivery.path("status").asText())
				.isEqualTo("DELIVERED"));
		});
		JsonNode deliveries = api.get("/api/v1/notification-deliveries?eventId=" + eventId).json();
		String genericDelivery = find(deliveries, "channelId", generic).path("id").asText();
		JsonNode detail = api.get("/api/v1/notification-deliveries/" + genericDelivery).json();
		assertThat(detail.path("attempts").asInt()).isEqualTo(2);
		assertThat(detail.path("attemptLog").get(0).path("responseCode").asInt()).isEqualTo(500);
		assertThat(detail.path("attemptLog").get(0).path("error").asText()).startsWith("HTTP 500");
		assertThat(detail.path("attemptLog").get(1).path("success").asBoolean()).isTrue();
		assertThat(find(deliveries, "channelId", slack).path("attempts").asInt()).isEqualTo(1);
		assertThat(find(deliveries, "channelId", mail).path("attempts").asInt()).isEqualTo(1);

		JsonNode view = api.get("/api/v1/notification-channels/" + generic).json();
		assertThat(view.toString()).doesNotContain(SECRET);
		assertThat(view.path("signed").asBoolean()).isTrue();
		assertThat(api.get("/api/v1/notification-channels/" + slack).json().path("target").asText())
			.isEqualTo(receiver.baseUrl() + "/…");
	}

	@Test
	void drillAndHealthEventsNotifyOnceAndOnlyOnTheTransitionIntoCritical() {
		channel(Map.of("name", environment + "-events", "type", "WEBHOOK", "url", receiver.baseUrl() + "/events",
				"eventTypes", List.of("DRILL_FAILED", "DRILL_RTO_BREACHED", "HEALTH_CRITICAL"), "environments",
				List.of(environment)));
		UUID drillId = UUID.randomUUID();
		DrillFinished drill = new DrillFinished(drillId, UUID.randomUUID(), environment, DrillType.FULL,
				DrillStatus.FAILED, 2400.0, 1800, true, "schedule:quarterly-drill", Instant.now());
		events.publishEvent(drill);
		events.publishEvent(drill);
		UUID server = UUID.fromString(serverId);
		events.publishEvent(new HealthCheckCompleted(server, "web-" + environment, environment, HealthStatus.CRITICAL,
				HealthStatus.OK, List.of("disk: / is 95 % full (critical at 90 %)"), UUID.randomUUID(), Instant.now()));
		events.publishEvent(new HealthCheckCompleted(server, "web-" + environment, environment, HealthStatus.CRITICAL,
				HealthStatus.CRITICAL, List.of("disk: / is 96 % full"), UUID.randomUUID(), Instant.now()));

		await().atMost(WAIT).until(() -> receiver.requests("/events").size() >= 3);
		List<String> types = receiver.requests("/events").stream()
			.map(r -> JSON.readTree(r.body()).path("type").asText())
			.sorted()
			.toList();
		assertThat(types).containsExactly("DRILL_FAILED", "DRILL_RTO_BREACHED", "HEALTH_CRITICAL");
		String health = receiver.requests("/events").stream()
			.map(WebhookReceiver.Request::text)
			.filter(t -> t.contains("HEALTH_CRITICAL"))
			.findFirst()
			.orElseThrow();
		assertThat(health).contains("95 % full").doesNotContain("96 %");
	}

	@Test
	void stateConditionsNotifyOnceOnTheTransitionNotOnEveryEvaluation() {
		String quiet = "quiet-" + UUID.randomUUID().toString().substring(0, 6);
		created(api.post("/api/v1/environments",
				Map.of("name", quiet, "kind", "staging", "cloudProvider", "aws", "region", "us-east-1")));
		channel(Map.of("name", quiet + "-conditions", "type", "WEBHOOK", "url", receiver.baseUrl() + "/conditions",
				"eventTypes", List.of("DRILL_OVERDUE", "BACKUP_STALE", "REBOOT_REQUIRED"), "environments",
				List.of(quiet)));

		evaluator.evaluate();
		evaluator.evaluate();

		await().atMost(WAIT).until(() -> receiver.requests("/conditions").size() >= 1);
		evaluator.evaluate();
		List<WebhookReceiver.Request> received = receiver.requests("/conditions");
		assertThat(received).hasSize(1);
		JsonNode body = JSON.readTree(received.get(0).body());
		assertThat(body.path("type").asText()).isEqualTo("DRILL_OVERDUE");
		assertThat(body.path("environment").asText()).isEqualTo(quiet);
		assertThat(body.path("summary").asText()).contains("no successful DR drill").contains("never");
		assertThat(body.path("resolved").asBoolean()).isFalse();
	}

	@Test
	void aDeliveryThatKeepsFailingEndsFailedVisibleAndIsRetriedByHand() {
		receiver.answerAlways("/down", 503);
		String id = channel(Map.of("name", environment + "-down", "type", "WEBHOOK", "url",
				receiver.baseUrl() + "/down", "eventTypes", List.of("BACKUP_STALE"), "environments",
				List.of(environment)));
		ApiClient.Response test = api.post("/api/v1/notification-channels/" + id + "/test", Map.of());
		assertThat(test.status()).as(test.body()).isEqualTo(202);
		String delivery = test.json().path("id").asText();

		await().atMost(WAIT)
			.until(() -> api.get("/api/v1/notification-deliveries/" + delivery).json().path("status").asText(),
					"FAILED"::equals);
		JsonNode failed = api.get("/api/v1/notification-deliveries/" + delivery).json();
		assertThat(failed.path("attempts").asInt()).isEqualTo(3);
		assertThat(failed.path("lastResponseCode").asInt()).isEqualTo(503);
		assertThat(failed.path("lastError").asText()).startsWith("HTTP 503");
		assertThat(api.get("/api/v1/notification-deliveries?status=FAILED&channelId=" + id).json()).hasSize(1);
		assertThat(receiver.requests("/down")).hasSize(3);
		assertThat(JSON.readTree(receiver.requests("/down").get(0).body()).path("type").asText()).isEqualTo("TEST");

		receiver.answerAlways("/down", 200);
		assertThat(api.post("/api/v1/notification-deliveries/" + delivery + "/retry", Map.of()).status())
			.isEqualTo(202);
		await().atMost(WAIT)
			.until(() -> api.get("/api/v1/notification-deliveries/" + delivery).json().path("status").asText(),
					"DELIVERED"::equals);
		assertThat(api.post("/api/v1/notification-deliveries/" + delivery + "/retry", Map.of()).status())
			.isEqualTo(409);
	}

	@Test
	void badChannelInputIsA400NamingTheField() {
		assertField(Map.of("name", "x", "type", "WEBHOOK", "url", "ftp://example.com/hook", "eventTypes",
				List.of("RUN_FAILED")), "url");
		assertField(Map.of("name", "x", "type", "WEBHOOK", "url", "javascript:alert(1)", "eventTypes",
				List.of("RUN_FAILED")), "url");
		assertField(Map.of("name", "x", "type", "EMAIL", "recipients", List.of("ops@example.com", "not an address"),
				"eventTypes", List.of("RUN_FAILED")), "recipients[1]");
		assertField(Map.of("name", "x", "type", "EMAIL", "recipients", List.of("ops@example.com"), "eventTypes",
				List.of("RUN_FAILED", "SOMETHING")), "eventTypes[1]");
		assertField(Map.of("name", "x", "type", "EMAIL", "recipients", List.of("ops@example.com"), "eventTypes",
				List.of("RUN_FAILED"), "environments", List.of("no-such-environment")), "environments[0]");
		assertField(Map.of("name", "x", "type", "SMS", "eventTypes", List.of("RUN_FAILED")), "type");
		assertField(Map.of("name", "x", "type", "WEBHOOK", "url", "https://example.com/h", "secret", "short",
				"eventTypes", List.of("RUN_FAILED")), "secret");
		ApiClient.Response forbidden = api.withToken("odk_not_a_token")
			.post("/api/v1/notification-channels", Map.of("name", "x"));
		assertThat(forbidden.status()).isEqualTo(401);
	}

	@Test
	void theNotificationsPageShowsChannelsAndDeliveriesAndSendsATest() {
		assumeTrue(Browser.chromiumInstalled(), "needs chromium and chromium-driver");
		String name = environment + "-page";
		channel(Map.of("name", name, "type", "WEBHOOK", "format", "SLACK", "url",
				receiver.baseUrl() + "/page/T000/B000/token", "secret", SECRET, "eventTypes",
				List.of("DRILL_FAILED", "DRILL_RTO_BREACHED", "HEALTH_CRITICAL"), "environments",
				List.of(environment)));
		receiver.answerAlways("/page-down", 503);
		String pager = channel(Map.of("name", environment + "-pager", "type", "WEBHOOK", "url",
				receiver.baseUrl() + "/page-down", "eventTypes", List.of("DRILL_OVERDUE", "BACKUP_STALE"),
				"environments", List.of(environment)));
		String pagerDelivery = api.post("/api/v1/notification-channels/" + pager + "/test", Map.of()).json()
			.path("id").asText();
		Path images = DocsOutput.directory("images");
		try (Browser browser = Browser.start(port)) {
			Duration page = Duration.ofSeconds(20);
			browser.openAsAdmin("/notifications", IntegrationTest.ADMIN_PASSWORD, page);
			By row = By.cssSelector("[data-testid='channels'] tr[data-channel='" + name + "']");
			assertThat(browser.find(row).getText()).contains("SLACK").contains("signed").contains(receiver.baseUrl() + "/…")
				.doesNotContain("token");
			browser.clickAndWaitForNewPage(browser.find(row).findElement(By.cssSelector("[data-testid='send-test']")),
					page);
			assertThat(browser.find(By.cssSelector("[role='status']")).getText()).contains("Test message queued");
			await().atMost(WAIT).until(() -> receiver.requests("/page/T000/B000/token").size() == 1);
			await().atMost(WAIT)
				.until(() -> api.get("/api/v1/notification-deliveries/" + pagerDelivery).json().path("status").asText(),
						"FAILED"::equals);
			browser.driver().navigate().refresh();
			By pagerRow = By.cssSelector("[data-testid='deliveries'] tr[data-delivery='" + pagerDelivery + "']");
			assertThat(browser.find(pagerRow).getText()).contains("FAILED").contains("503");
			assertThat(browser.find(By.cssSelector("[data-testid='deliveries'] tbody")).getText()).contains("DELIVERED");
			assertThat(browser.consoleProblems()).isEmpty();
			browser.screenshot(images.resolve("notifications.png"));

			receiver.answerAlways("/page-down", 200);
			browser.clickAndWaitForNewPage(browser.find(pagerRow).findElement(By.cssSelector("[data-testid='retry']")),
					page);
			assertThat(browser.find(By.cssSelector("[role='status']")).getText()).contains("Retrying");
			await().atMost(WAIT)
				.until(() -> api.get("/api/v1/notification-deliveries/" + pagerDelivery).json().path("status").asText(),
						"DELIVERED"::equals);
		}
	}

	private void assertField(Map<String, Object> body, String field) {
		ApiClient.Response response = api.post("/api/v1/notification-channels", body);
		assertThat(response.status()).as(response.body()).isEqualTo(400);
		assertThat(response.json().path("errors").get(0).path("field").asText()).as(response.body()).isEqualTo(field);
	}

	private String channel(Map<String, Object> body) {
		String id = created(api.post("/api/v1/notification-channels", body)).path("id").asText();
		channels.add(id);
		return id;
	}

	private static JsonNode created(ApiClient.Response response) {
		assertThat(response.status()).as(response.body()).isEqualTo(201);
		return response.json();
	}

	private static JsonNode find(JsonNode array, String field, String value) {
		for (JsonNode node : array) {
			if (node.path(field).asText().equals(value)) {
				return node;
			}
		}
		throw new AssertionError("no element with " + field + "=" + value + " in " + array);
	}

	private static String hmac(String timestamp, byte[] body) throws Exception {
		Mac mac = Mac.getInstance("HmacSHA256");
		mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
		mac.update((timestamp + ".").getBytes(StandardCharsets.US_ASCII));
		return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
	}

}
