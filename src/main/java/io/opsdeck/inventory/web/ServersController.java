package io.opsdeck.inventory.web;

import java.util.UUID;

import io.opsdeck.credentials.CredentialSummary;
import io.opsdeck.credentials.Credentials;
import io.opsdeck.identity.RequiresEnvironmentRole;
import io.opsdeck.identity.Role;
import io.opsdeck.inventory.internal.EnvironmentService;
import io.opsdeck.inventory.internal.ServerDetails;
import io.opsdeck.inventory.internal.ServerService;
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

/** The server pages: list with an environment filter, create, edit, delete. */
@Controller
@RequestMapping("/servers")
class ServersController {

	static final String LIST = "inventory/servers";

	static final String FORM = "inventory/server-form";

	private final ServerService servers;

	private final EnvironmentService environments;

	private final Credentials credentials;

	ServersController(ServerService servers, EnvironmentService environments, Credentials credentials) {
		this.servers = servers;
		this.environments = environments;
		this.credentials = credentials;
	}

	@GetMapping
	@PreAuthorize("hasRole('VIEWER')")
	String list(@RequestParam(required = false) @Nullable String environment,
			@RequestParam(defaultValue = "0") int page, Model model) {
		String filter = (environment == null || environment.isBlank()) ? null : environment;
		try {
			String environmentFilter = filter;
			model.addAttribute("servers",
					Paging.forPage(page, number -> this.servers.list(environmentFilter, number, 50)));
		}
		catch (InvalidInputException ex) {
			model.addAttribute("flashError", ex.getMessage());
			model.addAttribute("servers", Paging.forPage(page, number -> this.servers.list(null, number, 50)));
			filter = null;
		}
		model.addAttribute("environment", filter);
		model.addAttribute("environments", this.environments.all());
		return LIST;
	}

	@GetMapping("/new")
	@PreAuthorize("@environmentRoles.inAny('ADMIN')")
	String newForm(@RequestParam(required = false) @Nullable String environment, Model model) {
		model.addAttribute("form", ServerForm.empty(environment));
		return form(model, null);
	}

	@PostMapping
	@PreAuthorize("hasRole('VIEWER')")
	@RequiresEnvironmentRole(value = Role.ADMIN, resolver = RequiresEnvironmentRole.BODY)
	String create(@Valid @ModelAttribute("form") ServerForm form, BindingResult result, Model model,
			RedirectAttributes redirect) {
		if (!result.hasErrors()) {
			try {
				ServerDetails created = this.servers.create(form.toSpec());
				redirect.addFlashAttribute("flash", "Added server '" + created.name() + "'.");
				return "redirect:/servers";
			}
			catch (InvalidInputException | ConflictException ex) {
				FormErrors.reject(result, ex, "name");
			}
		}
		return form(model, null);
	}

	@GetMapping("/{id}/edit")
	@PreAuthorize("hasRole('VIEWER')")
	@RequiresEnvironmentRole(value = Role.ADMIN, resolver = "server")
	String editForm(@PathVariable UUID id, Model model) {
		ServerDetails server = this.servers.get(id);
		model.addAttribute("form", ServerForm.of(server));
		model.addAttribute(ExpectedVersion.FORM_FIELD, server.version());
		return form(model, server);
	}

	@PostMapping("/{id}")
	@PreAuthorize("hasRole('VIEWER')")
	@RequiresEnvironmentRole(value = Role.ADMIN, resolver = "server")
	String update(@PathVariable UUID id, @Valid @ModelAttribute("form") ServerForm form, BindingResult result,
			@RequestParam(name = ExpectedVersion.FORM_FIELD, required = false) @Nullable String version, Model model,
			RedirectAttributes redirect) {
		ServerDetails server = this.servers.get(id);
		model.addAttribute(ExpectedVersion.FORM_FIELD, version);
		if (!result.hasErrors()) {
			try {
				ServerDetails saved = this.servers.update(id, form.toSpec(), ExpectedVersion.ofForm(version));
				redirect.addFlashAttribute("flash", "Saved server '" + saved.name() + "'.");
				return "redirect:/servers";
			}
			catch (InvalidInputException | ConflictException ex) {
				FormErrors.reject(result, ex, null);
			}
			catch (StaleVersionException ex) {
				FormErrors.stale(result, model, ex);
			}
		}
		return form(model, server);
	}

	@PostMapping("/{id}/delete")
	@PreAuthorize("hasRole('VIEWER')")
	@RequiresEnvironmentRole(value = Role.ADMIN, resolver = "server")
	String delete(@PathVariable UUID id, RedirectAttributes redirect) {
		ServerDetails server = this.servers.get(id);
		this.servers.delete(id);
		redirect.addFlashAttribute("flash", "Deleted server '" + server.name() + "'.");
		return "redirect:/servers";
	}

	private String form(Model model, @Nullable ServerDetails server) {
		model.addAttribute("server", server);
		model.addAttribute("environments", this.environments.all());
		model.addAttribute("credentials",
				this.credentials.all().stream().filter(CredentialSummary::isSshKey).toList());
		model.addAttribute("localConnectionEnabled", this.servers.localConnectionEnabled());
		return FORM;
	}

}
