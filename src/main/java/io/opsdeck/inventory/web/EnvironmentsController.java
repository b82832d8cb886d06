package io.opsdeck.inventory.web;

import io.opsdeck.identity.RequiresEnvironmentRole;
import io.opsdeck.identity.Role;
import io.opsdeck.inventory.internal.EnvironmentDetails;
import io.opsdeck.inventory.internal.EnvironmentService;
import io.opsdeck.shared.ConflictException;
import io.opsdeck.shared.ExpectedVersion;
import io.opsdeck.shared.FormErrors;
import io.opsdeck.shared.InvalidInputException;
import io.opsdeck.shared.Paging;
import io.opsdeck.shared.StaleVersionException;
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
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The environment pages: list with server counts, create, edit, delete. */
@Controller
@RequestMapping("/environments")
class EnvironmentsController {

	static final String LIST = "inventory/environments";

	static final String FORM = "inventory/environment-form";

	private final EnvironmentService environments;

	EnvironmentsController(EnvironmentService environments) {
		this.environments = environments;
	}

	@GetMapping
	@PreAuthorize("hasRole('VIEWER')")
	String list(@RequestParam(defaultValue = "0") int page, Model model) {
		model.addAttribute("environments", Paging.forPage(page, number -> this.environments.list(number, 50)));
		return LIST;
	}

	@GetMapping("/new")
	@PreAuthorize("hasRole('ADMIN')")
	String newForm(Model model) {
		model.addAttribute("form", new EnvironmentRequest(null, "development", "aws", null, null));
		model.addAttribute("editing", false);
		return FORM;
	}

	@PostMapping
	@PreAuthorize("hasRole('ADMIN')")
	String create(@Valid @ModelAttribute("form") EnvironmentRequest form, BindingResult result, Model model,
			RedirectAttributes redirect) {
		if (!result.hasErrors()) {
			try {
				EnvironmentDetails created = this.environments.create(form.toSpec());
				redirect.addFlashAttribute("flash", "Created environment '" + created.name() + "'.");
				return "redirect:/environments";
			}
			catch (InvalidInputException | ConflictException ex) {
				FormErrors.reject(result, ex, "name");
			}
		}
		model.addAttribute("editing", false);
		return FORM;
	}

	@GetMapping("/{name}/edit")
	@PreAuthorize("hasRole('VIEWER')")
	@RequiresEnvironmentRole(value = Role.ADMIN, resolver = RequiresEnvironmentRole.ENVIRONMENT, variable = "name")
	String editForm(@PathVariable String name, Model model) {
		EnvironmentDetails environment = this.environments.get(name);
		model.addAttribute("form", new EnvironmentRequest(environment.name(), environment.kind(),
				environment.cloudProvider(), environment.region(), environment.description()));
		model.addAttribute(ExpectedVersion.FORM_FIELD, environment.version());
		editing(name, model);
		return FORM;
	}

	@PostMapping("/{name}")
	@PreAuthorize("hasRole('VIEWER')")
	@RequiresEnvironmentRole(value = Role.ADMIN, resolver = RequiresEnvironmentRole.ENVIRONMENT, variable = "name")
	String update(@PathVariable String name, @Valid @ModelAttribute("form") EnvironmentRequest form,
			BindingResult result,
			@RequestParam(name = ExpectedVersion.FORM_FIELD, required = false) @Nullable String version, Model model,
			RedirectAttributes redirect) {
		model.addAttribute(ExpectedVersion.FORM_FIELD, version);
		if (!result.hasErrors()) {
			try {
				this.environments.update(name, form.toSpec(), ExpectedVersion.ofForm(version));
				redirect.addFlashAttribute("flash", "Saved environment '" + name + "'.");
				return "redirect:/environments";
			}
			catch (InvalidInputException | ConflictException ex) {
				FormErrors.reject(result, ex, null);
			}
			catch (StaleVersionException ex) {
				FormErrors.stale(result, model, ex);
			}
		}
		editing(name, model);
		return FORM;
	}

	/**
	 * The edit form posts back to the environment of the path it was opened for ({@code environmentName}), never to
	 * the name in the posted form: that one may have been changed (renames are refused) or be no name at all.
	 */
	private static void editing(String name, Model model) {
		model.addAttribute("editing", true);
		model.addAttribute("environmentName", name);
	}

	@PostMapping("/{name}/delete")
	@PreAuthorize("hasRole('ADMIN')")
	String delete(@PathVariable String name, RedirectAttributes redirect) {
		try {
			this.environments.delete(name);
			redirect.addFlashAttribute("flash", "Deleted environment '" + name + "'.");
		}
		catch (ConflictException ex) {
			redirect.addFlashAttribute("flashError", "Not deleted: " + ex.getMessage() + ".");
		}
		return "redirect:/environments";
	}

}
