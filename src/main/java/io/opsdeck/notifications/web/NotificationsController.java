package io.opsdeck.notifications.web;

import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import io.opsdeck.identity.Actors;
import io.opsdeck.inventory.EnvironmentSummary;
import io.opsdeck.inventory.Inventory;
import io.opsdeck.notifications.NotificationEventType;
import io.opsdeck.notifications.internal.Channel;
import io.opsdeck.notifications.internal.ChannelService;
import io.opsdeck.notifications.internal.ChannelSpec;
import io.opsdeck.notifications.internal.Delivery;
import io.opsdeck.notifications.internal.Outbox;
import io.opsdeck.shared.ConflictException;
import io.opsdeck.shared.InvalidInputException;
import org.jspecify.annotations.Nullable;

import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The notifications page: channels with "Send test", recent deliveries with "Retry" for failed ones, and (ADMIN) a
 * form for a new channel.
 */
@Controller
class NotificationsController {

	private final ChannelService channels;

	private final Outbox outbox;

	private final Inventory inventory;

	NotificationsController(ChannelService channels, Outbox outbox, Inventory inventory) {
		this.channels = channels;
		this.outbox = outbox;
		this.inventory = inventory;
	}

	@GetMapping("/notifications")
	@PreAuthorize("hasRole('OPERATOR')")
	String page(@RequestParam(required = false) @Nullable String status, Model model) {
		String filter = ("FAILED".equals(status) || "PENDING".equals(status) || "DELIVERED".equals(status)) ? status
				: null;
		List<Channel> all = channels.list();
		List<Delivery> deliveries = outbox.recent(filter, null, null, 100);
		model.addAttribute("channels", all);
		model.addAttribute("deliveries", deliveries);
		model.addAttribute("status", filter);
		model.addAttribute("eventTypes",
				Arrays.stream(NotificationEventType.values()).filter(NotificationEventType::subscribable).toList());
		model.addAttribute("environments", inventory.environments().stream().map(EnvironmentSummary::name).toList());
		return "notifications/index";
	}

	@PostMapping("/notifications/channels")
	@PreAuthorize("hasRole('ADMIN')")
	String create(@RequestParam String name, @RequestParam String type,
			@RequestParam(required = false) @Nullable String format, @RequestParam(required = false) @Nullable String url,
			@RequestParam(required = false) @Nullable String secret,
			@RequestParam(required = false) @Nullable String recipients,
			@RequestParam(required = false) @Nullable List<String> eventTypes,
			@RequestParam(required = false) @Nullable List<String> environments, RedirectAttributes redirect) {
		boolean webhook = "WEBHOOK".equals(type);
		ChannelSpec spec = new ChannelSpec(name, type, webhook ? format : null, webhook ? blankToNull(url) : null,
				webhook ? blankToNull(secret) : null, webhook ? null : split(recipients), eventTypes, environments,
				true);
		try {
			Channel channel = channels.create(spec, Actors.current());
			redirect.addFlashAttribute("flash", "Created channel '" + channel.name() + "'. Send a test to check it.");
		}
		catch (InvalidInputException ex) {
			redirect.addFlashAttribute("flashError", "Channel not created: " + ex.field() + " " + ex.getMessage());
		}
		catch (ConflictException ex) {
			redirect.addFlashAttribute("flashError", "Channel not created: " + ex.getMessage());
		}
		return "redirect:/notifications";
	}

	@PostMapping("/notifications/channels/{id}/test")
	@PreAuthorize("hasRole('OPERATOR')")
	String test(@PathVariable UUID id, RedirectAttributes redirect) {
		Delivery delivery = outbox.test(id, Actors.current().display());
		redirect.addFlashAttribute("flash", "Test message queued for '" + delivery.channelName()
				+ "'; its delivery shows below.");
		return "redirect:/notifications";
	}

	@PostMapping("/notifications/channels/{id}/delete")
	@PreAuthorize("hasRole('ADMIN')")
	String delete(@PathVariable UUID id, RedirectAttributes redirect) {
		Channel channel = channels.get(id);
		channels.delete(id, Actors.current());
		redirect.addFlashAttribute("flash", "Deleted channel '" + channel.name() + "'.");
		return "redirect:/notifications";
	}

	@PostMapping("/notifications/deliveries/{id}/retry")
	@PreAuthorize("hasRole('OPERATOR')")
	String retry(@PathVariable UUID id, RedirectAttributes redirect) {
		try {
			Delivery delivery = outbox.retry(id);
			redirect.addFlashAttribute("flash", "Retrying the " + delivery.eventType() + " notification to '"
					+ delivery.channelName() + "'.");
		}
		catch (ConflictException ex) {
			redirect.addFlashAttribute("flashError", ex.getMessage());
		}
		return "redirect:/notifications";
	}

	private static @Nullable String blankToNull(@Nullable String value) {
		return (value == null || value.isBlank()) ? null : value.strip();
	}

	private static @Nullable List<String> split(@Nullable String value) {
		if (value == null || value.isBlank()) {
			return null;
		}
		return Arrays.stream(value.split("[,;\\s]+")).filter(s -> !s.isBlank()).toList();
	}

}
