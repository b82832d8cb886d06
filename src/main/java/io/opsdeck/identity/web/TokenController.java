package io.opsdeck.identity.web;

import java.util.Arrays;
import java.util.UUID;

import io.opsdeck.identity.Role;
import io.opsdeck.identity.internal.Caller;
import io.opsdeck.identity.internal.IssuedToken;
import io.opsdeck.identity.internal.TokenService;
import io.opsdeck.shared.FormErrors;
import io.opsdeck.shared.InvalidInputException;
import jakarta.validation.Valid;

import org.springframework.data.domain.PageRequest;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The API tokens page: the newest {@value #MAX_ROWS} tokens the user may see, a create form whose result shows the
 * new value once (carried to the redirected page as a flash attribute), and revoke buttons.
 */
@Controller
@RequestMapping("/tokens")
class TokenController {

	static final String VIEW = "identity/tokens";

	static final int MAX_ROWS = 200;

	private final TokenService tokens;

	TokenController(TokenService tokens) {
		this.tokens = tokens;
	}

	@GetMapping
	@PreAuthorize("isAuthenticated()")
	String list(Model model) {
		if (!model.containsAttribute("form")) {
			model.addAttribute("form", TokenForm.empty(Caller.current().role()));
		}
		return page(model);
	}

	@PostMapping
	@PreAuthorize("isAuthenticated()")
	String create(@Valid @ModelAttribute("form") TokenForm form, BindingResult errors, Model model,
			RedirectAttributes redirect) {
		if (errors.hasErrors()) {
			FormErrors.keep(TokenForm.class, form, errors, model);
			return page(model);
		}
		try {
			IssuedToken issued = tokens.create(form.name(), form.role(), form.expiresInDays(), form.environmentList());
			redirect.addFlashAttribute("newToken", issued.value());
			redirect.addFlashAttribute("flash", "Token '" + issued.summary().name()
					+ "' created. Copy it now: it will not be shown again.");
			return "redirect:/tokens";
		}
		catch (InvalidInputException ex) {
			FormErrors.reject(errors, ex, null);
		}
		catch (AccessDeniedException ex) {
			errors.reject("denied", String.valueOf(ex.getMessage()));
		}
		return page(model);
	}

	@PostMapping("/{id}/revoke")
	@PreAuthorize("isAuthenticated()")
	String revoke(@PathVariable UUID id, RedirectAttributes redirect) {
		tokens.revoke(id);
		redirect.addFlashAttribute("flash", "Token revoked.");
		return "redirect:/tokens";
	}

	private String page(Model model) {
		Caller caller = Caller.current();
		model.addAttribute("tokens", tokens.list(PageRequest.of(0, MAX_ROWS, TokenApiController.NEWEST_FIRST))
			.map(TokenRow::of)
			.getContent());
		model.addAttribute("roles", Arrays.stream(Role.values()).filter(caller.role()::includes).toList());
		model.addAttribute("showOwner", caller.isAdmin());
		return VIEW;
	}

}
