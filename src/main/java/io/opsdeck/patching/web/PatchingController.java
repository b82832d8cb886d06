package io.opsdeck.patching.web;

import io.opsdeck.identity.Actors;
import io.opsdeck.identity.RequiresEnvironmentRole;
import io.opsdeck.identity.Role;
import io.opsdeck.inventory.EnvironmentSummary;
import io.opsdeck.inventory.Inventory;
import io.opsdeck.patching.internal.PatchService;
import io.opsdeck.shared.ConflictException;
import io.opsdeck.shared.FormErrors;
import io.opsdeck.shared.InvalidInputException;
import io.opsdeck.shared.NotFoundException;

import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;

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
		model.addAttribute("form", PatchForm.empty());
		return render(name, model);
	}

	private String render(String name, Model model) {
		EnvironmentSummary environment = inventory.findEnvironment(name)
			.orElseThrow(() -> new NotFoundException("environment", name));
		model.addAttribute("environment", environment);
		model.addAttribute("compliance", patching.compliance(name));
		return PAGE;
	}

	/**
	 * Starts an update run and opens its page; a refused form (unknown mode, a bad CVE id, a patch run already
	 * going) re-renders the page with the form as sent and the message beside its field.
	 */
	@PostMapping("/environments/{name}/patching")
	@PreAuthorize("hasRole('VIEWER')")
	@RequiresEnvironmentRole(value = Role.OPERATOR, resolver = RequiresEnvironmentRole.ENVIRONMENT, variable = "name")
	String start(@PathVariable String name, @ModelAttribute("form") PatchForm form, BindingResult result,
			Model model) {
		if (!result.hasErrors()) {
			try {
				return "redirect:/runs/" + patching.launch(name, form.toRequest(), Actors.current());
			}
			catch (IllegalArgumentException ex) {
				result.rejectValue("mode", "invalid", "must be security, full or critical");
			}
			catch (InvalidInputException | ConflictException ex) {
				FormErrors.reject(result, ex, null);
			}
			catch (AccessDeniedException ex) {
				result.reject("denied", String.valueOf(ex.getMessage()));
			}
		}
		FormErrors.keep(PatchForm.class, form, result, model);
		return render(name, model);
	}

}
