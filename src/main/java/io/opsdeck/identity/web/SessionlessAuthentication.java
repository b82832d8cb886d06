package io.opsdeck.identity.web;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import org.jspecify.annotations.Nullable;

import org.springframework.security.web.authentication.AuthenticationFilter;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Runs Spring's {@link AuthenticationFilter} for bearer tokens without letting it see the request's session.
 * On success that filter changes the id of an existing session (session fixation protection, meant for a sign-in):
 * a bearer call that also carried the browser's session cookie (curl with a cookie jar, Swagger UI in a signed-in
 * browser) gave the session a new id and a {@code Set-Cookie}, so every client still holding the old cookie was
 * signed out. A token authenticates this one request and has nothing to do with any session; the rest of the
 * chain gets the request as it came.
 */
final class SessionlessAuthentication extends OncePerRequestFilter {

	private final AuthenticationFilter delegate;

	SessionlessAuthentication(AuthenticationFilter delegate) {
		this.delegate = delegate;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		this.delegate.doFilter(new WithoutSession(request), response,
				(filtered, filteredResponse) -> chain.doFilter(request, filteredResponse));
	}

	/** The request without an existing session, as far as the authentication filter can tell. */
	private static final class WithoutSession extends HttpServletRequestWrapper {

		WithoutSession(HttpServletRequest request) {
			super(request);
		}

		@Override
		public @Nullable HttpSession getSession(boolean create) {
			return create ? super.getSession(true) : null;
		}

		@Override
		public String changeSessionId() {
			throw new IllegalStateException("A bearer token never changes a session");
		}

	}

}
