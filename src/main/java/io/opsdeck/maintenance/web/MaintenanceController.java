package io.opsdeck.maintenance.web;

import java.util.ArrayList;
import java.util.List;

import io.opsdeck.identity.Actors;
import io.opsdeck.identity.RequiresEnvironmentRole;
import io.opsdeck.identity.Role;
import io.opsdeck.inventory.EnvironmentSummary;
import io.opsdeck.inventory.Inventory;
import io.opsdeck.maintenance.internal.ChecklistService;
import io.opsdeck.maintenance.internal.ChecklistView;
import io.opsdeck.maintenance.internal.Frequency;
import io.opsdeck.shared.FormErrors;
import io.opsdeck.shared.InvalidInputException;
import io.opsdeck.shared.NotFoundException;
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
 * The maintenance page {@code /maintenance}: the seed's checklists by frequency, one row per item and environment,
 * with the schedule that automates it (or a link to create one) and "Done" for the team to tick an item off.
 */
@Controller
class MaintenanceController {

	static final String PAGE = "maintenance/index";

	private final ChecklistService checklist;

	private final Inventory inventory;

	MaintenanceController(ChecklistService checklist, Inventory inventory) {
		this.checklist = checklist;
		this.inventory = inventory;
	}

	/**
	 * One frequency's items.
	 * @param title e.g. {@code Weekly}
	 * @param periodDays e.g. 7
	 * @param items its items
	 */
	record Section(String title, long periodDays, List<ChecklistView.Item> items) {
	}

	@GetMapping("/maintenance")
	@PreAuthorize("hasRole('VIEWER')")
	String page(@RequestParam(required = false) @Nullable String environment, Model model) {
		String filter = (environment == null || environment.isBlank()) ? null : environment;
		ChecklistView view = checklist.checklist(filter);
		List<Section> sections = new ArrayList<>();
		for (Frequency frequency : Frequency.values()) {
			sections.add(new Section(frequency.title(), frequency.period().toDays(),
					view.items().stream().filter(i -> i.frequency().equals(frequency.name())).toList()));
		}
		long attention = view.items()
			.stream()
			.flatMap(i -> i.entries().stream())
			.filter(e -> e.status().attention())
			.count();
		model.addAttribute("checklist", view);
		// every time on the page is shown in UTC, and says so
		model.addAttribute("utc", java.time.ZoneOffset.UTC);
		model.addAttribute("sections", sections);
		model.addAttribute("attention", attention);
		model.addAttribute("environment", filter);
		model.addAttribute("environments", inventory.environments().stream().map(EnvironmentSummary::name).toList());
		return PAGE;
	}

	/**
	 * Ticks an item off; a refused note comes back in its row, as typed, with the message under it (the rest of the
	 * page as the filter showed it).
	 */
	@PostMapping("/maintenance/{item}/done")
	@PreAuthorize("hasRole('VIEWER')")
	@RequiresEnvironmentRole(value = Role.OPERATOR, resolver = RequiresEnvironmentRole.BODY)
	String done(@PathVariable String item, @ModelAttribute("rowForm") TickForm form, BindingResult result, Model model,
			RedirectAttributes redirect) {
		try {
			ChecklistView.Tick tick = checklist.tick(item, form.environment(), form.note(), Actors.current());
			redirect.addFlashAttribute("flash", "Ticked off '" + item + "'"
					+ ((tick.environment() != null) ? " for " + tick.environment() : "") + ".");
		}
		catch (InvalidInputException ex) {
			FormErrors.reject(result, ex, null);
			model.addAttribute("failedRow", TickForm.row(item, form.environment()));
			return page(form.filter(), model);
		}
		catch (NotFoundException ex) {
			// an unknown item or environment has no row to show the message in
			redirect.addFlashAttribute("flashError", "Not ticked off: " + ex.getMessage());
		}
		if (form.filter() != null && !form.filter().isBlank()) {
			redirect.addAttribute("environment", form.filter());
		}
		return "redirect:/maintenance";
	}

}
