package io.opsdeck.notifications.web;

import java.util.List;
import java.util.UUID;

import io.opsdeck.notifications.internal.Outbox;
import io.opsdeck.shared.InvalidInputException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.jspecify.annotations.Nullable;

import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/v1/notification-deliveries}: every notification sent or being sent, with its attempts; a failed one
 * stays here until retried (OPERATOR).
 */
@RestController
@RequestMapping("/api/v1/notification-deliveries")
@Tag(name = "Notifications")
class NotificationDeliveriesApiController {

	private static final List<String> STATUSES = List.of("PENDING", "DELIVERED", "FAILED");

	private final Outbox outbox;

	NotificationDeliveriesApiController(Outbox outbox) {
		this.outbox = outbox;
	}

	@GetMapping
	@PreAuthorize("hasRole('OPERATOR')")
	@Operation(summary = "Recent notification deliveries", description = "Newest first; filter by status (PENDING, DELIVERED, FAILED), channelId or eventId; limit 1-500 (default 50).")
	List<DeliveryView> list(@RequestParam(required = false) @Nullable String status,
			@RequestParam(required = false) @Nullable UUID channelId,
			@RequestParam(required = false) @Nullable UUID eventId, @RequestParam(defaultValue = "50") @Min(1) @Max(500) int limit) {
		if (status != null && !STATUSES.contains(status)) {
			throw new InvalidInputException("status", "must be PENDING, DELIVERED or FAILED");
		}
		if (limit < 1 || limit > 500) {
			throw new InvalidInputException("limit", "must be 1-500");
		}
		return outbox.recent(status, channelId, eventId, limit).stream().map(d -> DeliveryView.of(d, null)).toList();
	}

	@GetMapping("/{id}")
	@PreAuthorize("hasRole('OPERATOR')")
	@Operation(summary = "One delivery with every attempt")
	DeliveryView get(@PathVariable UUID id) {
		return DeliveryView.of(outbox.delivery(id), outbox.attempts(id));
	}

	@PostMapping("/{id}/retry")
	@PreAuthorize("hasRole('OPERATOR')")
	@Operation(summary = "Retry a failed delivery", description = "One more attempt now; 409 unless the delivery is FAILED.")
	ResponseEntity<DeliveryView> retry(@PathVariable UUID id) {
		return ResponseEntity.accepted().body(DeliveryView.of(outbox.retry(id), null));
	}

}
