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
import io.opsdeck.notifications.internal.Delivery;
import io.opsdeck.notifications.internal.Outbox;
import io.opsdeck.shared.ConflictException;
import io.opsdeck.shared.FormErrors;
import io.opsdeck.shared.InvalidInputException;
import org.jspecify.annotations.Nullable;

import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
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
		model.addAttribute("form", ChannelForm.empty(subscribable()));
		return render(status, model);
	}

	/**
	 * Creates a channel; refused input re-renders the page with the form as sent (but the signing secret) and the
	 * message beside its field.
	 */
	@PostMapping("/notifications/channels")
	@PreAuthorize("hasRole('ADMIN')")
	String create(@ModelAttribute("form") ChannelForm form, BindingResult result, Model model,
			RedirectAttributes redirect) {
		if (!result.hasErrors()) {
			try {
				Channel channel = channels.create(form.toSpec(), Actors.current());
				redirect.addFlashAttribute("flash",
						"Created channel '" + channel.name() + "'. Send a test to check it.");
				return "redirect:/notifications";
			}
			catch (InvalidInputException | ConflictException ex) {
				FormErrors.reject(result, ex, "name");
			}
		}
		FormErrors.keep(ChannelForm.class, form, result, model);
		return render(null, model);
	}

	private String render(@Nullable String status, Model model) {
		String filter = ("FAILED".equals(status) || "PENDING".equals(status) || "DELIVERED".equals(status)) ? status
				: null;
		List<Channel> all = channels.list();
		List<Delivery> deliveries = outbox.recent(filter, null, null, 100);
		model.addAttribute("channels", all);
		model.addAttribute("deliveries", deliveries);
		model.addAttribute("status", filter);
		model.addAttribute("eventTypes", subscribable());
		model.addAttribute("environments", inventory.environments().stream().map(EnvironmentSummary::name).toList());
		return "notifications/index";
	}

	private static List<String> subscribable() {
		return Arrays.stream(NotificationEventType.values()).filter(NotificationEventType::subscribable)
			.map(Enum::name).toList();
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

}
