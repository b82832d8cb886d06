package io.opsdeck.notifications.web;

import java.net.URI;
import java.util.List;
import java.util.UUID;

import io.opsdeck.identity.Actors;
import io.opsdeck.notifications.internal.ChannelService;
import io.opsdeck.notifications.internal.Outbox;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/v1/notification-channels}: webhooks and e-mail that receive notifications (docs/notifications.md).
 * OPERATOR reads and sends tests, ADMIN changes.
 */
@RestController
@RequestMapping("/api/v1/notification-channels")
@Tag(name = "Notifications")
class NotificationChannelsApiController {

	private final ChannelService channels;

	private final Outbox outbox;

	NotificationChannelsApiController(ChannelService channels, Outbox outbox) {
		this.channels = channels;
		this.outbox = outbox;
	}

	@GetMapping
	@PreAuthorize("hasRole('OPERATOR')")
	@Operation(summary = "List notification channels", description = "By name. Secrets are never returned; a webhook URL only as its origin.")
	List<ChannelView> list() {
		return channels.list().stream().map(ChannelView::of).toList();
	}

	@GetMapping("/{id}")
	@PreAuthorize("hasRole('OPERATOR')")
	@Operation(summary = "One notification channel")
	ChannelView get(@PathVariable UUID id) {
		return ChannelView.of(channels.get(id));
	}

	@PostMapping
	@PreAuthorize("hasRole('ADMIN')")
	@Operation(summary = "Create a notification channel", description = "WEBHOOK (format SLACK or GENERIC, optional HMAC secret) or EMAIL (recipients; SMTP from spring.mail.*). 400 names the field at fault, 409 when the name is taken.")
	ResponseEntity<ChannelView> create(@RequestBody ChannelRequest request) {
		ChannelView view = ChannelView.of(channels.create(request.toSpec(), Actors.current()));
		return ResponseEntity.created(URI.create("/api/v1/notification-channels/" + view.id())).body(view);
	}

	@PutMapping("/{id}")
	@PreAuthorize("hasRole('ADMIN')")
	@Operation(summary = "Replace a notification channel", description = "The type cannot change. Omitted url or secret keep the stored ones; secret \"\" removes the signature.")
	ChannelView update(@PathVariable UUID id, @RequestBody ChannelRequest request) {
		return ChannelView.of(channels.update(id, request.toSpec(), Actors.current()));
	}

	@DeleteMapping("/{id}")
	@PreAuthorize("hasRole('ADMIN')")
	@Operation(summary = "Delete a notification channel", description = "Its deliveries go with it.")
	ResponseEntity<Void> delete(@PathVariable UUID id) {
		channels.delete(id, Actors.current());
		return ResponseEntity.noContent().build();
	}

	@PostMapping("/{id}/test")
	@PreAuthorize("hasRole('OPERATOR')")
	@Operation(summary = "Send a test message", description = "Queues a TEST event to this channel only (enabled or not); 202 with the delivery, whose status shows the outcome.")
	ResponseEntity<DeliveryView> test(@PathVariable UUID id) {
		DeliveryView view = DeliveryView.of(outbox.test(id, Actors.current().display()), null);
		return ResponseEntity.accepted().location(URI.create("/api/v1/notification-deliveries/" + view.id())).body(view);
	}

}
