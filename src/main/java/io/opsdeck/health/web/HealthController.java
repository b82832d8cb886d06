package io.opsdeck.health.web;

import java.util.Arrays;
import java.util.UUID;

import io.opsdeck.health.HealthCheck;
import io.opsdeck.health.HealthThresholds;
import io.opsdeck.health.internal.HealthService;
import io.opsdeck.identity.Actors;
import io.opsdeck.identity.RequiresEnvironmentRole;
import io.opsdeck.identity.Role;
import io.opsdeck.inventory.Inventory;
import io.opsdeck.shared.FormErrors;
import io.opsdeck.shared.InvalidInputException;
import jakarta.validation.Valid;
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
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The health pages: {@code /health}, the server × check grid with an environment filter and "Check now" buttons;
 * with an environment selected it is that environment's health page, with its thresholds form. And
 * {@code /servers/{id}/health}, one server's results over time.
 */
@Controller
class HealthController {

	static final String GRID = "health/index";

	static final String HISTORY = "health/server";

	private final HealthService health;

	private final Inventory inventory;

	HealthController(HealthService health, Inventory inventory) {
		this.health = health;
		this.inventory = inventory;
	}

	@GetMapping("/health")
	@PreAuthorize("hasRole('VIEWER')")
	String grid(@RequestParam(required = false) @Nullable String environment, Model model) {
		String selected = (environment == null || environment.isBlank()) ? null : environment;
		if (selected != null) {
			model.addAttribute("thresholdsForm", health.thresholdsView(selected).thresholds());
		}
		return render(selected, model);
	}

	private String render(@Nullable String selected, Model model) {
		model.addAttribute("environments", inventory.environments());
		model.addAttribute("selected", selected);
		model.addAttribute("checks", Arrays.stream(HealthCheck.values()).map(HealthCheck::value).toList());
		model.addAttribute("rows", health.grid(selected));
		if (selected != null) {
			model.addAttribute("thresholds", health.thresholdsView(selected));
		}
		return GRID;
	}

	@GetMapping("/servers/{id}/health")
	@PreAuthorize("hasRole('VIEWER')")
	@RequiresEnvironmentRole(value = Role.VIEWER, resolver = "server")
	String history(@PathVariable UUID id, @RequestParam(defaultValue = "50") int limit, Model model) {
		model.addAttribute("checks", Arrays.stream(HealthCheck.values()).map(HealthCheck::value).toList());
		model.addAttribute("history", health.history(id, Math.max(1, Math.min(limit, HealthService.MAX_HISTORY))));
		return HISTORY;
	}

	@PostMapping("/health/check")
	@PreAuthorize("hasRole('VIEWER')")
	@RequiresEnvironmentRole(value = Role.OPERATOR, resolver = RequiresEnvironmentRole.BODY)
	String check(@RequestParam(required = false) @Nullable String environment,
			@RequestParam(required = false) @Nullable UUID server, RedirectAttributes redirect) {
		try {
			UUID runId = (server != null) ? health.checkServer(server, false, Actors.current())
					: health.checkEnvironment((environment != null) ? environment : "", false, Actors.current());
			return "redirect:/runs/" + runId;
		}
		catch (InvalidInputException ex) {
			// a missing role (AccessDeniedException) is the 403 page, as for every route rule
			redirect.addFlashAttribute("flashError", "Health check not started: " + ex.getMessage());
		}
		return "redirect:" + back(environment);
	}

	/**
	 * Saves an environment's thresholds; a refused form (letters, a value out of range, warn above critical)
	 * re-renders the health page of that environment with the values as sent and the message beside each field.
	 */
	@PostMapping("/environments/{name}/health-thresholds")
	@PreAuthorize("hasRole('VIEWER')")
	@RequiresEnvironmentRole(value = Role.ADMIN, resolver = RequiresEnvironmentRole.ENVIRONMENT, variable = "name")
	String thresholds(@PathVariable String name, @Valid @ModelAttribute("thresholdsForm") HealthThresholds form,
			BindingResult result, Model model, RedirectAttributes redirect) {
		if (!result.hasErrors()) {
			try {
				health.updateThresholds(name, form, Actors.current());
				redirect.addFlashAttribute("flash", "Thresholds of " + name + " saved; the next health check uses them.");
				return "redirect:" + back(name);
			}
			catch (InvalidInputException ex) {
				FormErrors.reject(result, ex, null);
			}
		}
		FormErrors.keep(HealthThresholds.class, form, result, model);
		return render(name, model);
	}

	private static String back(@Nullable String environment) {
		return (environment == null || environment.isBlank()) ? "/health"
				: UriComponentsBuilder.fromPath("/health").queryParam("environment", environment).encode().toUriString();
	}

}
