package io.opsdeck.cloudfirewall.web;

import java.util.List;
import java.util.Optional;

import io.opsdeck.cloudfirewall.CloudFirewallException;
import io.opsdeck.cloudfirewall.CloudFirewalls;
import io.opsdeck.cloudfirewall.FirewallPlan;
import io.opsdeck.cloudfirewall.internal.FirewallRules;
import io.opsdeck.cloudfirewall.internal.FirewallSettingsDetails;
import io.opsdeck.cloudfirewall.internal.FirewallSettingsService;
import io.opsdeck.credentials.CredentialSummary;
import io.opsdeck.credentials.Credentials;
import io.opsdeck.identity.RequiresEnvironmentRole;
import io.opsdeck.identity.Role;
import io.opsdeck.inventory.EnvironmentSummary;
import io.opsdeck.inventory.Inventory;
import io.opsdeck.shared.ConflictException;
import io.opsdeck.shared.ExpectedVersion;
import io.opsdeck.shared.FormErrors;
import io.opsdeck.shared.InvalidInputException;
import io.opsdeck.shared.NotFoundException;
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

/**
 * The cloud firewall page of an environment: settings (credential references only), "Plan" (OPERATOR), which shows
 * the changes as a table, and "Apply" (ADMIN), which plans again, makes those changes and shows what it did; a
 * failure shows the cloud's message and what had already been applied.
 */
@Controller
@RequestMapping("/environments/{name}/firewall")
class CloudFirewallController {

	static final String PAGE = "cloudfirewall/index";

	private final FirewallSettingsService settings;

	private final CloudFirewalls firewalls;

	private final Inventory inventory;

	private final Credentials credentials;

	CloudFirewallController(FirewallSettingsService settings, CloudFirewalls firewalls, Inventory inventory,
			Credentials credentials) {
		this.settings = settings;
		this.firewalls = firewalls;
		this.inventory = inventory;
		this.credentials = credentials;
	}

	@GetMapping
	@PreAuthorize("hasRole('VIEWER')")
	@RequiresEnvironmentRole(value = Role.VIEWER, resolver = RequiresEnvironmentRole.ENVIRONMENT, variable = "name")
	String page(@PathVariable String name, Model model) {
		storedForm(name, model);
		return render(name, model);
	}

	@PostMapping("/settings")
	@PreAuthorize("hasRole('VIEWER')")
	@RequiresEnvironmentRole(value = Role.ADMIN, resolver = RequiresEnvironmentRole.ENVIRONMENT, variable = "name")
	String save(@PathVariable String name, @Valid @ModelAttribute("form") CloudFirewallRequest form,
			BindingResult result,
			@RequestParam(name = ExpectedVersion.FORM_FIELD, required = false) @Nullable String version, Model model,
			RedirectAttributes redirect) {
		model.addAttribute(ExpectedVersion.FORM_FIELD, version);
		if (!result.hasErrors()) {
			try {
				settings.save(name, form.toUpdate(), ExpectedVersion.ofForm(version));
				redirect.addFlashAttribute("flash", "Saved the cloud firewall settings of '" + name + "'.");
				return "redirect:/environments/" + name + "/firewall";
			}
			catch (InvalidInputException ex) {
				FormErrors.reject(result, ex, null);
			}
			catch (StaleVersionException ex) {
				FormErrors.stale(result, model, ex);
			}
		}
		return render(name, model);
	}

	@PostMapping("/plan")
	@PreAuthorize("hasRole('VIEWER')")
	@RequiresEnvironmentRole(value = Role.OPERATOR, resolver = RequiresEnvironmentRole.ENVIRONMENT, variable = "name")
	String plan(@PathVariable String name, Model model) {
		return act(name, model, false);
	}

	@PostMapping("/apply")
	@PreAuthorize("hasRole('VIEWER')")
	@RequiresEnvironmentRole(value = Role.ADMIN, resolver = RequiresEnvironmentRole.ENVIRONMENT, variable = "name")
	String apply(@PathVariable String name, Model model) {
		return act(name, model, true);
	}

	private String act(String name, Model model, boolean apply) {
		storedForm(name, model);
		try {
			FirewallPlan plan = apply ? firewalls.apply(name) : firewalls.plan(name);
			model.addAttribute("plan", plan);
			model.addAttribute("applied", apply);
		}
		catch (CloudFirewallException ex) {
			model.addAttribute("flashError", (apply ? "Apply failed: " : "Plan failed: ") + ex.getMessage());
			model.addAttribute("partial", ex.applied());
		}
		catch (ConflictException ex) {
			model.addAttribute("flashError", (apply ? "Apply failed: " : "Plan failed: ") + ex.getMessage());
		}
		return render(name, model);
	}

	/** The settings form filled from what is stored (defaults when nothing is), with its version. */
	private void storedForm(String name, Model model) {
		Optional<FirewallSettingsDetails> details = settings.find(name);
		model.addAttribute("form", details.map(CloudFirewallRequest::of)
			.orElse(new CloudFirewallRequest(FirewallRules.defaultGroupName(name), null, null, null)));
		model.addAttribute(ExpectedVersion.FORM_FIELD, details.map(FirewallSettingsDetails::version).orElse(null));
	}

	private String render(String name, Model model) {
		EnvironmentSummary environment = inventory.findEnvironment(name)
			.orElseThrow(() -> new NotFoundException("environment", name));
		model.addAttribute("environment", environment);
		model.addAttribute("settings", settings.find(name).orElse(null));
		List<CredentialSummary> secrets = credentials.all().stream().filter(CredentialSummary::isSecret).toList();
		model.addAttribute("secrets", secrets);
		return PAGE;
	}

}
