package io.opsdeck.notifications.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.opsdeck.notifications.NotificationEventType;
import io.opsdeck.shared.ConflictException;
import io.opsdeck.shared.NotFoundException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Raises events: stores each once and queues one delivery per routed channel in the same transaction (the outbox),
 * then wakes the worker. Also the "Send test" and "Retry" actions.
 */
@Service
public class Outbox {

	private static final Logger log = LoggerFactory.getLogger(Outbox.class);

	private final DeliveryRepository deliveries;

	private final ChannelRepository channels;

	private final TransactionTemplate transactions;

	private final DeliveryWorker worker;

	Outbox(DeliveryRepository deliveries, ChannelRepository channels, PlatformTransactionManager transactionManager,
			DeliveryWorker worker) {
		this.deliveries = deliveries;
		this.channels = channels;
		// a transaction of its own: events are often published from a publisher's after-commit callback, where
		// joining the publisher's (finished) transaction would silently never commit
		this.transactions = new TransactionTemplate(transactionManager);
		this.transactions.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
		this.worker = worker;
	}

	/**
	 * Stores the event and queues it for every enabled channel that subscribes to its type and environment. Raising
	 * the same event (same id) again queues nothing twice.
	 * @param event the event
	 * @return the ids of the deliveries queued now
	 */
	public List<UUID> raise(NotificationEvent event) {
		List<UUID> queued = transactions.execute(tx -> {
			deliveries.insertEvent(event);
			List<UUID> ids = new ArrayList<>();
			Instant now = Instant.now();
			for (Channel channel : channels.all()) {
				if (channel.routes(event.type(), event.environment())) {
					deliveries.insertDelivery(event.id(), channel.id(), now).ifPresent(ids::add);
				}
			}
			return ids;
		});
		if (!queued.isEmpty()) {
			log.info("Notification {} {} ({}) queued for {} channel(s)", event.type(), event.id(),
					event.environment(), queued.size());
			worker.wake();
		}
		return queued;
	}

	/**
	 * Queues a test message to one channel, enabled or not.
	 * @param channelId channel id
	 * @param actor {@code kind:name} of who asked
	 * @return the delivery
	 * @throws NotFoundException when the channel does not exist
	 */
	public Delivery test(UUID channelId, String actor) {
		Channel channel = channels.find(channelId)
			.orElseThrow(() -> new NotFoundException("notification channel", channelId));
		NotificationEvent event = new NotificationEvent(UUID.randomUUID(), NotificationEventType.TEST, null,
				"channel " + channel.name(), "Test message from Opsdeck for channel '" + channel.name()
						+ "', sent by " + actor + ". If you can read this, the channel works.",
				"/notifications", false, true, Instant.now());
		UUID id = transactions.execute(tx -> {
			deliveries.insertEvent(event);
			return deliveries.insertDelivery(event.id(), channelId, Instant.now()).orElseThrow();
		});
		worker.wake();
		return delivery(id);
	}

	/**
	 * Makes a {@code FAILED} delivery due now for one more attempt.
	 * @param id delivery id
	 * @return the delivery, {@code PENDING}
	 * @throws NotFoundException when there is none
	 * @throws ConflictException when it is not {@code FAILED}
	 */
	public Delivery retry(UUID id) {
		Delivery delivery = delivery(id);
		if (!deliveries.retry(id)) {
			throw new ConflictException("Delivery " + id + " is " + delivery.status() + "; only FAILED deliveries can be retried");
		}
		worker.wake();
		return delivery(id);
	}

	/**
	 * @param id delivery id
	 * @return the delivery
	 * @throws NotFoundException when there is none
	 */
	public Delivery delivery(UUID id) {
		return deliveries.find(id).orElseThrow(() -> new NotFoundException("notification delivery", id));
	}

	/** @return the delivery's attempts, oldest first */
	public List<Attempt> attempts(UUID id) {
		return deliveries.attempts(id);
	}

	/**
	 * @param status {@code PENDING}, {@code DELIVERED} or {@code FAILED}, or {@code null}
	 * @param channelId a channel, or {@code null}
	 * @param eventId an event, or {@code null}
	 * @param limit 1-500
	 * @return deliveries, newest first
	 */
	public List<Delivery> recent(@org.jspecify.annotations.Nullable String status,
			@org.jspecify.annotations.Nullable UUID channelId, @org.jspecify.annotations.Nullable UUID eventId, int limit) {
		return deliveries.recent(status, channelId, eventId, limit);
	}

	Optional<Delivery> find(UUID id) {
		return deliveries.find(id);
	}

}
