package io.opsdeck.audit.web;

import java.io.IOException;

import io.opsdeck.audit.internal.AuditContext;
import io.opsdeck.identity.Actors;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Runs just inside Spring Security, where the caller is known, and notes the actor ({@code user:alice},
 * {@code token:ci-deploy}) for {@link AuditRequestFilter}, which writes the entry after security's context is gone.
 */
final class AuditActorFilter extends OncePerRequestFilter {

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (request.getAttribute(AuditContext.ATTRIBUTE) instanceof AuditContext context) {
			try {
				Actors.find().ifPresent(context::actor);
			}
			catch (RuntimeException ex) {
				// authenticated without an Opsdeck role: recorded as anonymous
			}
		}
		chain.doFilter(request, response);
	}

}
