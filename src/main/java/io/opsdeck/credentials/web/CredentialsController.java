package io.opsdeck.credentials.web;

import java.util.UUID;

import io.opsdeck.credentials.CredentialSummary;
import io.opsdeck.credentials.internal.CredentialService;
import io.opsdeck.identity.Actors;
import io.opsdeck.shared.ConflictException;
import io.opsdeck.shared.FormErrors;
import io.opsdeck.shared.InvalidInputException;
import io.opsdeck.shared.Paging;
import jakarta.validation.Valid;

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
 * The credentials pages: list, "Add SSH key" and "Add secret" forms ({@code /credentials/new?type=secret}), delete.
 * A form with errors comes back without the key, passphrase or value: the page asks for them again rather than
 * echoing a secret into HTML.
 */
@Controller
@RequestMapping("/credentials")
class CredentialsController {

	static final String LIST = "credentials/list";

	static final String FORM = "credentials/form";

	private final CredentialService credentials;

	CredentialsController(CredentialService credentials) {
		this.credentials = credentials;
	}

	@GetMapping
	@PreAuthorize("hasRole('VIEWER')")
	String list(@RequestParam(defaultValue = "0") int page, Model model) {
		model.addAttribute("credentials", Paging.forPage(page, number -> this.credentials.list(number, 50)));
		return LIST;
	}

	@GetMapping("/new")
	@PreAuthorize("hasRole('ADMIN')")
	String newForm(@RequestParam(defaultValue = "ssh-key") String type, Model model) {
		String chosen = CredentialSummary.SECRET.equals(type) ? CredentialSummary.SECRET : CredentialSummary.SSH_KEY;
		model.addAttribute("form", new CredentialRequest(null, chosen, null, null, null));
		return FORM;
	}

	@PostMapping
	@PreAuthorize("hasRole('ADMIN')")
	String create(@Valid @ModelAttribute("form") CredentialRequest form, BindingResult result, Model model,
			RedirectAttributes redirect) {
		if (!result.hasErrors()) {
			try {
				String actor = Actors.current().display();
				CredentialSummary created = form.isSecret()
						? this.credentials.createSecret(form.toNewSecret(), actor)
						: this.credentials.create(form.toNewCredential(), actor);
				redirect.addFlashAttribute("flash", "Added credential '" + created.name() + "' ("
						+ (created.isSecret() ? "secret" : created.fingerprint()) + ").");
				return "redirect:/credentials";
			}
			catch (InvalidInputException | ConflictException ex) {
				FormErrors.reject(result, ex, "name");
			}
		}
		model.addAttribute("keyCleared", true);
		return FORM;
	}

	@PostMapping("/{id}/delete")
	@PreAuthorize("hasRole('ADMIN')")
	String delete(@PathVariable UUID id, RedirectAttributes redirect) {
		try {
			CredentialSummary credential = this.credentials.get(id);
			this.credentials.delete(id);
			redirect.addFlashAttribute("flash", "Deleted credential '" + credential.name() + "'.");
		}
		catch (ConflictException ex) {
			redirect.addFlashAttribute("flashError", "Not deleted: " + ex.getMessage() + ".");
		}
		return "redirect:/credentials";
	}

}
