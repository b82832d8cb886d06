package io.opsdeck.credentials.web;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

/** Who is calling, as recorded in {@code credentials.created_by}. */
final class Callers {

	private Callers() {
	}

	/** @return the authenticated principal's name, or {@code unknown} */
	static String current() {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		return (authentication != null) ? authentication.getName() : "unknown";
	}

}
