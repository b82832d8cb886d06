package io.opsdeck.patching.web;

import java.util.UUID;

import io.opsdeck.identity.Actors;
import io.opsdeck.identity.RequiresEnvironmentRole;
import io.opsdeck.identity.Role;
import io.opsdeck.inventory.EnvironmentSummary;
import io.opsdeck.inventory.Inventory;
import io.opsdeck.patching.internal.PatchService;
import io.opsdeck.shared.ConflictException;
import io.opsdeck.shared.InvalidInputException;
import io.opsdeck.shared.NotFoundException;
import org.jspecify.annotations.Nullable;

import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The patching page of an environment: compliance summary after AWS SSM Patch Manager (compliant, non-compliant,
 * pending reboot, unknown), the per-server table and the "Run security update" form, which opens the run page.
 */
@Controller
class PatchingController {

	static final String PAGE = "patching/index";

	private final PatchService patching;

	private final Inventory inventory;

	PatchingController(PatchService patching, Inventory inventory) {
		this.patching = patching;
		this.inventory = inventory;
	}

	@GetMapping("/environments/{name}/patching")
	@PreAuthorize("hasRole('VIEWER')")
	@RequiresEnvironmentRole(value = Role.VIEWER, resolver = RequiresEnvironmentRole.ENVIRONMENT, variable = "name")
	String page(@PathVariable String name, Model model) {
		EnvironmentSummary environment = inventory.findEnvironment(name)
			.orElseThrow(() -> new NotFoundException("environment", name));
		model.addAttribute("environment", environment);
		model.addAttribute("compliance", patching.compliance(name));
		return PAGE;
	}

	@PostMapping("/environments/{name}/patching")
	@PreAuthorize("hasRole('VIEWER')")
	@RequiresEnvironmentRole(value = Role.OPERATOR, resolver = RequiresEnvironmentRole.ENVIRONMENT, variable = "name")
	String start(@PathVariable String name, @RequestParam(defaultValue = "security") String mode,
			@RequestParam(required = false) @Nullable String packages,
			@RequestParam(required = false) @Nullable String cves,
			@RequestParam(defaultValue = "false") boolean reboot, @RequestParam(defaultValue = "false") boolean check,
			RedirectAttributes redirect) {
		try {
			UUID runId = patching.launch(name, new PatchForm(mode, packages, cves, reboot, check).toRequest(),
					Actors.current());
			return "redirect:/runs/" + runId;
		}
		catch (InvalidInputException ex) {
			redirect.addFlashAttribute("flashError", "Not started: " + ex.field() + ": " + ex.getMessage());
		}
		catch (ConflictException | AccessDeniedException | IllegalArgumentException ex) {
			redirect.addFlashAttribute("flashError", "Not started: " + ex.getMessage());
		}
		return "redirect:/environments/" + name + "/patching";
	}

}
