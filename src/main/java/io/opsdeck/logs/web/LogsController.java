package io.opsdeck.logs.web;

import java.util.List;
import java.util.UUID;

import io.opsdeck.identity.Actors;
import io.opsdeck.identity.RequiresEnvironmentRole;
import io.opsdeck.identity.Role;
import io.opsdeck.inventory.EnvironmentSummary;
import io.opsdeck.inventory.Inventory;
import io.opsdeck.inventory.ServerTarget;
import io.opsdeck.logs.internal.JournalMaintenance;
import io.opsdeck.logs.internal.LogReads;
import io.opsdeck.shared.FormErrors;
import io.opsdeck.shared.InvalidInputException;

import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The logs page of a server ({@code /servers/{id}/logs}): container picker, lines, time range, pattern, follow,
 * export, journal disk usage and the clean-ups. The log itself is read by the page's script from
 * {@code GET /api/v1/servers/{id}/logs}; the clean-ups are forms that start runs and open them.
 */
@Controller
class LogsController {

	static final String PAGE = "logs/index";

	private final Inventory inventory;

	private final JournalMaintenance maintenance;

	LogsController(Inventory inventory, JournalMaintenance maintenance) {
		this.inventory = inventory;
		this.maintenance = maintenance;
	}

	@GetMapping("/servers/{id}/logs")
	@PreAuthorize("hasRole('VIEWER')")
	@RequiresEnvironmentRole(value = Role.OPERATOR, resolver = "server")
	String page(@PathVariable UUID id, Model model) {
		ServerTarget server = inventory.servers(List.of(id)).get(0);
		EnvironmentSummary environment = inventory.findEnvironment(server.environment()).orElseThrow();
		model.addAttribute("server", server);
		model.addAttribute("environment", environment);
		model.addAttribute("containers", LogReads.SEED_CONTAINERS);
		if (!model.containsAttribute("vacuumForm")) {
			model.addAttribute("vacuumForm", VacuumForm.initial());
		}
		return PAGE;
	}

	/**
	 * Starts the journal vacuum run and opens it; a refused form (days empty, out of range or not a whole number, a
	 * production server without ADMIN) re-renders the page with the days as typed and the message under the field
	 * (or above the form).
	 */
	@PostMapping("/servers/{id}/logs/vacuum")
	@PreAuthorize("hasRole('VIEWER')")
	@RequiresEnvironmentRole(value = Role.OPERATOR, resolver = "server")
	String vacuum(@PathVariable UUID id, @ModelAttribute("vacuumForm") VacuumForm form, BindingResult result,
			Model model) {
		if (!result.hasErrors() && form.days() == null) {
			// an emptied field deletes nothing: the page shows 30, and a vacuum with a number the user removed would
			// be a surprise (the API's olderThanDays keeps its default of 30)
			FormErrors.reject(result,
					new InvalidInputException("days", "enter a number of days, from 1 to " + JournalMaintenance.MAX_DAYS),
					null);
		}
		if (!result.hasErrors()) {
			try {
				return "redirect:/runs/" + maintenance.vacuum(id, form.days(), Actors.current());
			}
			catch (InvalidInputException ex) {
				// the service names its own parameter (olderThanDays, as the API spells it); on the page it is "days"
				FormErrors.reject(result, "olderThanDays".equals(ex.field())
						? new InvalidInputException("days", "must be from 1 to " + JournalMaintenance.MAX_DAYS) : ex,
						null);
			}
			catch (AccessDeniedException ex) {
				FormErrors.reject(result, ex, null);
			}
		}
		FormErrors.keep(VacuumForm.class, form, result, model);
		return page(id, model);
	}

	@PostMapping("/servers/{id}/logs/prune-images")
	@PreAuthorize("hasRole('VIEWER')")
	@RequiresEnvironmentRole(value = Role.OPERATOR, resolver = "server")
	String prune(@PathVariable UUID id, RedirectAttributes redirect) {
		try {
			return "redirect:/runs/" + maintenance.pruneImages(id, Actors.current());
		}
		catch (AccessDeniedException ex) {
			redirect.addFlashAttribute("flashError", "Not started: " + ex.getMessage());
		}
		return "redirect:/servers/" + id + "/logs";
	}

}
