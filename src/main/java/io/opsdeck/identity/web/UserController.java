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
 * The users page (ADMIN): every user with base role, enabled flag, grants and lock-out; forms to create a user,
 * change the base role and enabled flag, reset a password, grant and revoke per-environment roles, unlock and
 * delete; below them the client addresses locked after repeated failures, each with a button that lifts its locks.
 * Rules and messages come from {@link UserService} and {@link AddressLockService}; a refused change comes back as a
 * flash message.
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
	String create(@ModelAttribute("form") NewUserForm form, BindingResult result, Model model,
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

	@PostMapping("/{username}")
	@PreAuthorize("hasRole('ADMIN')")
	String update(@PathVariable String username, @RequestParam(required = false) @Nullable Role role,
			@RequestParam(defaultValue = "false") boolean enabled, RedirectAttributes redirect) {
		return act(redirect, () -> {
			users.update(username, role, enabled, null);
			return "User '" + username + "' saved.";
		});
	}

	@PostMapping("/{username}/password")
	@PreAuthorize("hasRole('ADMIN')")
	String resetPassword(@PathVariable String username, @RequestParam(defaultValue = "") String password,
			RedirectAttributes redirect) {
		return act(redirect, () -> {
			users.update(username, null, null, password);
			return "Password of '" + username + "' reset.";
		});
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

	@PostMapping("/{username}/grants")
	@PreAuthorize("hasRole('ADMIN')")
	String grant(@PathVariable String username, @RequestParam(defaultValue = "") String environment,
			@RequestParam(required = false) @Nullable Role role, RedirectAttributes redirect) {
		return act(redirect, () -> {
			users.grant(username, environment.strip(), role);
			return "Granted " + role + " in '" + environment.strip() + "' to '" + username + "'.";
		});
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
