package io.opsdeck.identity.web;

import java.security.Principal;

import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The sign-in page. Spring Security handles {@code POST /login} and {@code POST /logout}; this only renders the
 * form, which shows "Invalid user name or password" on {@code ?error} and "Signed out" on {@code ?logout}.
 */
@Controller
class LoginController {

	static final String VIEW = "identity/login";

	@GetMapping("/login")
	String login(@Nullable Principal principal) {
		return (principal != null) ? "redirect:/" : VIEW;
	}

}
