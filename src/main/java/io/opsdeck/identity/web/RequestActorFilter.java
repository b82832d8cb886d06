package io.opsdeck.identity.web;

import java.io.IOException;
import java.util.Optional;

import io.opsdeck.identity.Actor;
import io.opsdeck.identity.internal.ActorLoader;
import io.opsdeck.identity.internal.ApiTokenAuthentication;
import io.opsdeck.identity.internal.UserActorAuthentication;
import io.opsdeck.identity.internal.UserRoles;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * Makes a signed-in user's actor current for this request (issue 7: "grants read per request, so a revoked grant
 * takes effect at once"): after the session's authentication is loaded, gets the user's base role, enabled flag
 * and grants ({@link ActorLoader}: from the short-lived identity cache, which every change made through Opsdeck
 * empties for that user, else in one query) and replaces the request's security context (never the session's)
 * with a {@link UserActorAuthentication} whose principal is the {@link Actor}. {@code Actors.current()},
 * {@code @PreAuthorize} and the pages then see the roles as stored now. A user who was disabled or removed loses
 * the session at once and goes on anonymous (401 / sign-in page). API tokens get their actor from the bearer
 * provider. Not a bean, so the servlet container does not register it a second time.
 */
final class RequestActorFilter implements Filter {

	private static final Logger log = LoggerFactory.getLogger(RequestActorFilter.class);

	private final ActorLoader actors;

	private final RequestMatcher skip;

	private final SecurityContextHolderStrategy strategy = SecurityContextHolder.getContextHolderStrategy();

	/**
	 * @param skip requests that need no actor (static resources)
	 */
	RequestActorFilter(ActorLoader actors, RequestMatcher skip) {
		this.actors = actors;
		this.skip = skip;
	}

	/**
	 * Runs on every dispatch the security chain runs on (request, async, error), as the security context is loaded
	 * afresh for each: an SSE stream's async dispatch sees the same actor as its request.
	 */
	@Override
	public void doFilter(ServletRequest servletRequest, ServletResponse servletResponse, FilterChain chain)
			throws ServletException, IOException {
		HttpServletRequest request = (HttpServletRequest) servletRequest;
		ServletResponse response = servletResponse;
		Authentication authentication = strategy.getContext().getAuthentication();
		if (authentication == null || !authentication.isAuthenticated()
				|| authentication instanceof AnonymousAuthenticationToken
				|| authentication instanceof ApiTokenAuthentication || skip.matches(request)) {
			chain.doFilter(request, response);
			return;
		}
		Authentication session = (authentication instanceof UserActorAuthentication current) ? current.session()
				: authentication;
		Optional<UserRoles> roles = actors.load(session.getName());
		SecurityContext context = strategy.createEmptyContext();
		if (roles.isPresent()) {
			context.setAuthentication(new UserActorAuthentication(roles.get().actor(), session));
		}
		else {
			log.info("Ended the session of '{}': the user is disabled or removed", session.getName());
			HttpSession httpSession = request.getSession(false);
			if (httpSession != null) {
				httpSession.invalidate();
			}
		}
		strategy.setContext(context);
		chain.doFilter(request, response);
	}

}
