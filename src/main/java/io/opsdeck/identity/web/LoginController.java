package io.opsdeck.identity.web;

import java.security.Principal;

import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The sign-in page. Spring Security handles {@code POST /login} and {@code POST /logout}; this only renders the
 * form, which shows "Invalid user name or password" on {@code ?error}, "Too many failed sign-ins, try again in N
 * minutes" on {@code ?locked=N} (the user name or the address is locked; it never says which, nor whether the user
 * exists) and "Signed out" on {@code ?logout}.
 */
@Controller
class LoginController {

	static final String VIEW = "identity/login";

	/** Longest lock the page will state, in minutes; a larger (hand-made) value is shown as this. */
	private static final int MAX_MINUTES = 24 * 60;

	@GetMapping("/login")
	String login(@Nullable Principal principal, @RequestParam(required = false) @Nullable String locked,
			Model model) {
		if (principal != null) {
			return "redirect:/";
		}
		if (locked != null) {
			model.addAttribute("lockedMinutes", minutes(locked));
		}
		return VIEW;
	}

	private static int minutes(String value) {
		try {
			return Math.max(1, Math.min(MAX_MINUTES, Integer.parseInt(value)));
		}
		catch (NumberFormatException ex) {
			return 1;
		}
	}

}
