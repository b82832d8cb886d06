package io.opsdeck.provisioning.web;

import java.util.List;
import java.util.UUID;

import io.opsdeck.credentials.CredentialSummary;
import io.opsdeck.credentials.Credentials;
import io.opsdeck.identity.Actors;
import io.opsdeck.identity.RequiresEnvironmentRole;
import io.opsdeck.identity.Role;
import io.opsdeck.inventory.EnvironmentSummary;
import io.opsdeck.inventory.Inventory;
import io.opsdeck.provisioning.ProvisionTags;
import io.opsdeck.provisioning.Provisioning;
import io.opsdeck.provisioning.ServerProvisioning;
import io.opsdeck.shared.ConflictException;
import io.opsdeck.shared.FormErrors;
import io.opsdeck.shared.InvalidInputException;
import io.opsdeck.shared.NotFoundException;

import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BeanPropertyBindingResult;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The provisioning pages: an environment's settings form ({@code /environments/{name}/provisioning}) and a server's
 * provisioning page ({@code /servers/{id}/provisioning}: last provision run, roles, what each tag last changed, and
 * the "Provision" form, which opens the run page).
 */
@Controller
class ProvisioningController {

	static final String SETTINGS = "provisioning/settings";

	static final String SERVER = "provisioning/server";

	private final Provisioning provisioning;

	private final Inventory inventory;

	private final Credentials credentials;

	ProvisioningController(Provisioning provisioning, Inventory inventory, Credentials credentials) {
		this.provisioning = provisioning;
		this.inventory = inventory;
		this.credentials = credentials;
	}

	@GetMapping("/environments/{name}/provisioning")
	@PreAuthorize("hasRole('VIEWER')")
	@RequiresEnvironmentRole(value = Role.VIEWER, resolver = RequiresEnvironmentRole.ENVIRONMENT, variable = "name")
	String settings(@PathVariable String name, Model model) {
		model.addAttribute("form", SettingsForm.of(provisioning.settings(name)));
		return settingsPage(name, model);
	}

	@PostMapping("/environments/{name}/provisioning")
	@PreAuthorize("hasRole('VIEWER')")
	@RequiresEnvironmentRole(value = Role.ADMIN, resolver = RequiresEnvironmentRole.ENVIRONMENT, variable = "name")
	String save(@PathVariable String name, @ModelAttribute("form") SettingsForm form, BindingResult result, Model model,
			RedirectAttributes redirect) {
		try {
			provisioning.saveSettings(name, form.toSettings(name), Actors.current());
			redirect.addFlashAttribute("flash", "Saved the provisioning settings of '" + name + "'.");
			return "redirect:/environments/" + name + "/provisioning";
		}
		catch (InvalidInputException ex) {
			// a private key pasted as the deploy key is refused and never sent back in the page
			SettingsForm shown = form.withoutPrivateKey();
			BindingResult errors = new BeanPropertyBindingResult(shown, "form");
			FormErrors.reject(errors, ex, null);
			model.addAttribute("form", shown);
			model.addAttribute(BindingResult.MODEL_KEY_PREFIX + "form", errors);
		}
		return settingsPage(name, model);
	}

	/**
	 * {@code /servers/{id}}, "the server's page" in the docs, is the provisioning page below (host key, roles,
	 * provisioning runs, links to the server's health and logs): a redirect there (302), so the short URL works.
	 * An unknown id is a 404 as on that page.
	 */
	@GetMapping("/servers/{id}")
	@PreAuthorize("hasRole('VIEWER')")
	@RequiresEnvironmentRole(value = Role.VIEWER, resolver = "server")
	String serverPage(@PathVariable UUID id) {
		this.inventory.servers(List.of(id)); // an unknown id: NotFoundException, a 404 (an ADMIN passes the role check)
		return "redirect:/servers/" + id + "/provisioning";
	}

	@GetMapping("/servers/{id}/provisioning")
	@PreAuthorize("hasRole('VIEWER')")
	@RequiresEnvironmentRole(value = Role.VIEWER, resolver = "server")
	String server(@PathVariable UUID id, Model model) {
		ServerProvisioning state = provisioning.provisioning(id);
		EnvironmentSummary environment = environment(state.environment());
		model.addAttribute("state", state);
		if (!model.containsAttribute("provisionForm")) {
			model.addAttribute("provisionForm", ProvisionForm.empty());
		}
		model.addAttribute("environment", environment);
		model.addAttribute("tags", ProvisionTags.ALL);
		model.addAttribute("tagDescriptions", ProvisionTags.ALL.stream().map(ProvisionTags::describe).toList());
		return SERVER;
	}

	/**
	 * Starts a provision run and opens it; a refused form (an unknown tag, a tag whose settings are missing, a real
	 * run on production without ADMIN, a busy environment) re-renders the page with the boxes as ticked and the
	 * message under the tags (or above the form).
	 */
	@PostMapping("/servers/{id}/provision")
	@PreAuthorize("hasRole('VIEWER')")
	@RequiresEnvironmentRole(value = Role.OPERATOR, resolver = "server")
	String provision(@PathVariable UUID id, @ModelAttribute("provisionForm") ProvisionForm form, BindingResult result,
			Model model) {
		if (!result.hasErrors()) {
			try {
				UUID runId = provisioning.provision(id, form.toRequest(), Actors.current());
				return "redirect:/runs/" + runId;
			}
			catch (InvalidInputException | ConflictException | AccessDeniedException ex) {
				FormErrors.reject(result, ex, null);
			}
		}
		FormErrors.keep(ProvisionForm.class, form, result, model);
		return server(id, model);
	}

	private String settingsPage(String name, Model model) {
		model.addAttribute("environment", environment(name));
		model.addAttribute("secrets", credentials.all().stream().filter(CredentialSummary::isSecret).toList());
		return SETTINGS;
	}

	private EnvironmentSummary environment(String name) {
		return inventory.findEnvironment(name).orElseThrow(() -> new NotFoundException("environment", name));
	}

}
