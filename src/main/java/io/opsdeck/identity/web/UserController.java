package io.opsdeck.identity.web;

import java.util.List;
import java.util.function.Supplier;

import io.opsdeck.identity.Role;
import io.opsdeck.identity.internal.AddressLockService;
import io.opsdeck.identity.internal.UserService;
import io.opsdeck.shared.ConflictException;
import io.opsdeck.shared.FormErrors;
import io.opsdeck.shared.InvalidInputException;
import io.opsdeck.shared.NotFoundException;
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
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The users page (ADMIN): every user with base role, enabled flag, grants and lock-out; forms to create a user,
 * change the base role and enabled flag, reset a password, grant and revoke per-environment roles, unlock and
 * delete; below them the client addresses locked after repeated failures, each with a button that lifts its locks.
 * Rules and messages come from {@link UserService} and {@link AddressLockService}; a refused form with input (create,
 * save, password, grant) comes back as the same form with the message under it, a refused button as a flash message.
 */
@Controller
@RequestMapping("/users")
class UserController {

	static final String VIEW = "identity/users";

	private final UserService users;

	private final AddressLockService addressLocks;

	UserController(UserService users, AddressLockService addressLocks) {
		this.users = users;
		this.addressLocks = addressLocks;
	}

	@GetMapping
	@PreAuthorize("hasRole('ADMIN')")
	String list(Model model) {
		model.addAttribute("form", NewUserForm.empty());
		return render(model);
	}

	private String render(Model model) {
		model.addAttribute("users", users.list().stream().map(UserRow::of).toList());
		model.addAttribute("roles", List.of(Role.values()));
		model.addAttribute("addressLocks", addressLocks.list().stream().map(AddressLockRow::of).toList());
		return VIEW;
	}

	/**
	 * Creates a user; refused input (a short password, a taken name) re-renders the page with the form as sent, but
	 * the password, and the message beside its field.
	 */
	@PostMapping
	@PreAuthorize("hasRole('ADMIN')")
	String create(@Valid @ModelAttribute("form") NewUserForm form, BindingResult result, Model model,
			RedirectAttributes redirect) {
		if (!result.hasErrors()) {
			String username = (form.username() != null) ? form.username() : "";
			try {
				users.create(username, (form.password() != null) ? form.password() : "", form.role());
				redirect.addFlashAttribute("flash", "User '" + username + "' created.");
				return "redirect:/users";
			}
			catch (InvalidInputException | ConflictException ex) {
				FormErrors.reject(result, ex, "username");
			}
		}
		FormErrors.keep(NewUserForm.class, form, result, model);
		return render(model);
	}

	/** Saves the base role and enabled flag; a refusal (the last enabled ADMIN) comes back on the row's form. */
	@PostMapping("/{username}")
	@PreAuthorize("hasRole('ADMIN')")
	String update(@PathVariable String username, @ModelAttribute("rowForm") UserRowForms.Update form,
			BindingResult result, Model model, RedirectAttributes redirect) {
		if (!result.hasErrors()) {
			try {
				users.update(username, form.role(), Boolean.TRUE.equals(form.enabled()), null);
				return saved(redirect, "User '" + username + "' saved.");
			}
			catch (InvalidInputException | ConflictException ex) {
				FormErrors.reject(result, ex, null);
			}
			catch (NotFoundException ex) {
				return gone(redirect, ex);
			}
		}
		return refusedRow("update:" + username, UserRowForms.Update.class, form, result, model);
	}

	/** Resets a password; a refused one (outside the policy) comes back on the row's form, never echoed. */
	@PostMapping("/{username}/password")
	@PreAuthorize("hasRole('ADMIN')")
	String resetPassword(@PathVariable String username, @ModelAttribute("rowForm") UserRowForms.Password form,
			BindingResult result, Model model, RedirectAttributes redirect) {
		try {
			users.update(username, null, null, (form.password() != null) ? form.password() : "");
			return saved(redirect, "Password of '" + username + "' reset.");
		}
		catch (InvalidInputException | ConflictException ex) {
			FormErrors.reject(result, ex, null);
		}
		catch (NotFoundException ex) {
			return gone(redirect, ex);
		}
		return refusedRow("password:" + username, UserRowForms.Password.class, form, result, model);
	}

	@PostMapping("/{username}/delete")
	@PreAuthorize("hasRole('ADMIN')")
	String delete(@PathVariable String username, RedirectAttributes redirect) {
		return act(redirect, () -> {
			users.delete(username);
			return "User '" + username + "' deleted; their API tokens are revoked.";
		});
	}

	@PostMapping("/{username}/unlock")
	@PreAuthorize("hasRole('ADMIN')")
	String unlock(@PathVariable String username, RedirectAttributes redirect) {
		return act(redirect, () -> {
			users.unlock(username);
			return "User '" + username + "' unlocked.";
		});
	}

	@PostMapping("/address-locks/{address}/lift")
	@PreAuthorize("hasRole('ADMIN')")
	String liftAddressLock(@PathVariable String address, RedirectAttributes redirect) {
		return act(redirect, () -> {
			addressLocks.lift(address);
			return "Client address " + address + " unlocked.";
		});
	}

	/** Grants a role in one environment; a refusal (a malformed or unknown environment) comes back on the row's form. */
	@PostMapping("/{username}/grants")
	@PreAuthorize("hasRole('ADMIN')")
	String grant(@PathVariable String username, @ModelAttribute("rowForm") UserRowForms.Grant form,
			BindingResult result, Model model, RedirectAttributes redirect) {
		if (!result.hasErrors()) {
			String environment = (form.environment() != null) ? form.environment().strip() : "";
			try {
				users.grant(username, environment, form.role());
				return saved(redirect, "Granted " + form.role() + " in '" + environment + "' to '" + username + "'.");
			}
			catch (InvalidInputException | ConflictException ex) {
				FormErrors.reject(result, ex, "environment");
			}
			catch (NotFoundException ex) {
				return gone(redirect, ex);
			}
		}
		return refusedRow("grant:" + username, UserRowForms.Grant.class, form, result, model);
	}

	@PostMapping("/{username}/grants/{environment}/revoke")
	@PreAuthorize("hasRole('ADMIN')")
	String revokeGrant(@PathVariable String username, @PathVariable String environment,
			RedirectAttributes redirect) {
		return act(redirect, () -> {
			users.revokeGrant(username, environment);
			return "Grant in '" + environment + "' revoked from '" + username + "'.";
		});
	}

	private static String saved(RedirectAttributes redirect, String message) {
		redirect.addFlashAttribute("flash", message);
		return "redirect:/users";
	}

	/** A row whose user was deleted meanwhile has no form left to show the message on: a flash message. */
	private static String gone(RedirectAttributes redirect, NotFoundException ex) {
		redirect.addFlashAttribute("flashError", ex.getMessage());
		return "redirect:/users";
	}

	/** The users page again, the refused row form ({@code rowForm}) kept and marked by {@code failedRow}. */
	private <R extends Record> String refusedRow(String failedRow, Class<R> type, @Nullable R form,
			BindingResult result, Model model) {
		FormErrors.keep(type, form, result, model);
		model.addAttribute("failedRow", failedRow);
		model.addAttribute("form", NewUserForm.empty());
		return render(model);
	}

	private static String act(RedirectAttributes redirect, Supplier<String> action) {
		try {
			redirect.addFlashAttribute("flash", action.get());
		}
		catch (InvalidInputException ex) {
			redirect.addFlashAttribute("flashError", ex.field() + ": " + ex.getMessage());
		}
		catch (ConflictException | NotFoundException ex) {
			redirect.addFlashAttribute("flashError", ex.getMessage());
		}
		return "redirect:/users";
	}

}
