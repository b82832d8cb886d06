package io.opsdeck.notifications.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Sends due deliveries on one thread of its own (never on a request thread or the shared scheduler): woken when an
 * event is raised, and every {@code opsdeck.notifications.poll-interval} for retries and for deliveries queued on
 * other nodes. A failed attempt is retried after {@link NotificationsProperties#delayAfter(int)}; after
 * {@code max-attempts} the delivery is {@code FAILED} and stays so until retried by hand.
 */
@Component
class DeliveryWorker {

	private static final Logger log = LoggerFactory.getLogger(DeliveryWorker.class);

	private static final int BATCH = 10;

	private final DeliveryRepository deliveries;

	private final ChannelRepository channels;

	private final ChannelService channelService;

	private final WebhookSender webhooks;

	private final NotificationMailer mail;

	private final NotificationsProperties properties;

	private final ExecutorService executor = Executors.newSingleThreadExecutor(runnable -> {
		Thread thread = new Thread(runnable, "notifications");
		thread.setDaemon(true);
		return thread;
	});

	private final AtomicBoolean queued = new AtomicBoolean();

	DeliveryWorker(DeliveryRepository deliveries, ChannelRepository channels, ChannelService channelService,
			WebhookSender webhooks, NotificationMailer mail, NotificationsProperties properties) {
		this.deliveries = deliveries;
		this.channels = channels;
		this.channelService = channelService;
		this.webhooks = webhooks;
		this.mail = mail;
		this.properties = properties;
	}

	/** Makes the worker look for due deliveries soon; returns at once. */
	void wake() {
		if (queued.compareAndSet(false, true) && !executor.isShutdown()) {
			executor.execute(this::drain);
		}
	}

	@Scheduled(initialDelayString = "${opsdeck.notifications.poll-interval:5s}",
			fixedDelayString = "${opsdeck.notifications.poll-interval:5s}")
	void poll() {
		wake();
	}

	private void drain() {
		queued.set(false);
		try {
			List<DeliveryRepository.Claim> claims;
			do {
				claims = deliveries.claim(BATCH, properties.sendLease());
				claims.forEach(this::attempt);
			}
			while (claims.size() == BATCH && !executor.isShutdown());
		}
		catch (RuntimeException ex) {
			log.warn("Notification delivery pass failed: {}", ex.toString());
		}
	}

	private void attempt(DeliveryRepository.Claim claim) {
		Optional<Delivery> found = deliveries.find(claim.id());
		Optional<Channel> channel = found.flatMap(delivery -> channels.find(delivery.channelId()));
		if (found.isEmpty() || channel.isEmpty()) {
			return;
		}
		Delivery delivery = found.get();
		Instant started = Instant.now();
		SendResult result;
		try {
			result = switch (channel.get().type()) {
				case WEBHOOK -> webhooks.send(channel.get(), delivery, channelService.secret(channel.get().id()));
				case EMAIL -> mail.send(channel.get(), delivery);
			};
		}
		catch (RuntimeException ex) {
			result = SendResult.failed(null, ex.getClass().getSimpleName() + " while sending");
		}
		long millis = Duration.between(started, Instant.now()).toMillis();
		Attempt attempt = new Attempt(claim.attempt(), started, millis, result.success(), result.responseCode(),
				result.error());
		if (result.success()) {
			deliveries.finish(claim.id(), claim.attempt(), attempt, "DELIVERED", null);
			log.info("Notification {} {} delivered to channel '{}' (attempt {})", delivery.eventType(),
					delivery.eventId(), channel.get().name(), claim.attempt());
		}
		else if (claim.attempt() >= properties.maxAttempts()) {
			deliveries.finish(claim.id(), claim.attempt(), attempt, "FAILED", null);
			log.warn("Notification {} {} to channel '{}' FAILED after {} attempts: {}", delivery.eventType(),
					delivery.eventId(), channel.get().name(), claim.attempt(), result.error());
		}
		else {
			Instant next = Instant.now().plus(properties.delayAfter(claim.attempt()));
			deliveries.finish(claim.id(), claim.attempt(), attempt, "PENDING", next);
			log.info("Notification {} {} to channel '{}' failed (attempt {}), next at {}: {}", delivery.eventType(),
					delivery.eventId(), channel.get().name(), claim.attempt(), next, result.error());
		}
	}

	@PreDestroy
	void stop() throws InterruptedException {
		executor.shutdown();
		if (!executor.awaitTermination(10, TimeUnit.SECONDS)) {
			executor.shutdownNow();
		}
	}

}
