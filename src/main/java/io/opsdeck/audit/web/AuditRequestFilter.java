package io.opsdeck.audit.web;

import java.io.IOException;
import java.net.URI;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

import io.opsdeck.audit.internal.AuditContext;
import io.opsdeck.audit.internal.AuditContext.Decision;
import io.opsdeck.audit.internal.AuditEntry;
import io.opsdeck.audit.internal.AuditOutcome;
import io.opsdeck.audit.internal.AuditWriter;
import io.opsdeck.identity.Actor;
import io.opsdeck.identity.Actors;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpHeaders;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Writes one audit entry per mutating request ({@code POST}, {@code PUT}, {@code PATCH}, {@code DELETE}; API and
 * pages) and per request an authentication listener flagged (a sign-in, a rejected token), once the response status
 * is known (issue 7, "Audit log"). It wraps Spring Security, so it also sees the 401s, 403s and sign-in redirects
 * security answers by itself; {@link AuditActorFilter} tells it who the caller was.
 * <p>
 * The entry holds the method and route pattern, the path variables, the caller, the client address
 * ({@code getRemoteAddr()}: a proxy's forwarded headers count only with {@code server.forward-headers-strategy}),
 * the status and its outcome. Never the body, header values or the query string: they can hold secrets. A failed
 * write is logged and counted, never passed on to the client.
 */
final class AuditRequestFilter extends OncePerRequestFilter {

	private static final Logger log = LoggerFactory.getLogger(AuditRequestFilter.class);

	private static final Set<String> MUTATING = Set.of("POST", "PUT", "PATCH", "DELETE");

	private final AuditWriter writer;

	private final RouteLookup routes;

	AuditRequestFilter(AuditWriter writer, RouteLookup routes) {
		this.writer = writer;
		this.routes = routes;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		AuditContext context = new AuditContext();
		request.setAttribute(AuditContext.ATTRIBUTE, context);
		Instant arrived = Instant.now();
		boolean failed = true;
		try {
			chain.doFilter(request, response);
			failed = false;
		}
		finally {
			if (request.isAsyncStarted()) {
				request.getAsyncContext().addListener(new Completion(request, response, context, arrived));
			}
			else {
				record(request, response, context, arrived, failed);
			}
		}
	}

	private void record(HttpServletRequest request, HttpServletResponse response, AuditContext context,
			Instant arrived, boolean failed) {
		Decision decision = context.decision();
		if (decision == null && !MUTATING.contains(request.getMethod())) {
			return;
		}
		try {
			writer.write(entry(request, response, context, arrived, failed ? 500 : response.getStatus()));
		}
		catch (RuntimeException ex) {
			log.warn("Could not build an audit entry for {}: {}", request.getMethod(), ex.getClass().getSimpleName());
		}
	}

	private AuditEntry entry(HttpServletRequest request, HttpServletResponse response, AuditContext context,
			Instant arrived, int status) {
		RouteLookup.Route route = routes.of(request);
		Decision decision = context.decision();
		Actor actor = (context.actor() != null) ? context.actor() : sessionActor(request).orElse(null);
		String who;
		String role;
		if (decision != null) {
			who = decision.actor();
			role = decision.actorRole();
		}
		else if (actor != null) {
			who = actor.display();
			role = actor.role().name();
		}
		else {
			who = AuditEntry.ANONYMOUS;
			role = null;
		}
		boolean own = decision != null && decision.action() != null;
		String action = own ? decision.action() : request.getMethod() + " " + route.pattern();
		String target = own ? decision.target() : route.target();
		AuditOutcome outcome = (decision != null) ? decision.outcome() : outcome(status, actor == null, response);
		String environment = (context.environment() != null) ? context.environment() : route.environment();
		return new AuditEntry(arrived, who, role, request.getRemoteAddr(), action, target, environment, outcome,
				status, context.notes());
	}

	/** The status's outcome; an anonymous request sent to the sign-in page was denied, whatever its 302 says. */
	private static AuditOutcome outcome(int status, boolean anonymous, HttpServletResponse response) {
		AuditOutcome outcome = AuditOutcome.ofStatus(status);
		if (outcome == AuditOutcome.SUCCESS && anonymous && status >= 300 && status < 400) {
			String location = response.getHeader(HttpHeaders.LOCATION);
			try {
				URI uri = (location != null) ? URI.create(location) : null;
				if (uri != null && uri.getQuery() == null && uri.getPath() != null && uri.getPath().endsWith("/login")) {
					return AuditOutcome.DENIED;
				}
			}
			catch (IllegalArgumentException ex) {
				// not a URI: leave the outcome as the status says
			}
		}
		return outcome;
	}

	/**
	 * The signed-in user of a request security refused before {@link AuditActorFilter} saw it (a missing CSRF
	 * token): read from the session the way Spring Security does, and turned into an actor by the identity module.
	 */
	private static Optional<Actor> sessionActor(HttpServletRequest request) {
		try {
			HttpSession session = request.getSession(false);
			Object stored = (session != null)
					? session.getAttribute(HttpSessionSecurityContextRepository.SPRING_SECURITY_CONTEXT_KEY) : null;
			if (!(stored instanceof SecurityContext securityContext) || securityContext.getAuthentication() == null) {
				return Optional.empty();
			}
			// outside Spring Security's filters this thread has no context of its own to restore
			SecurityContextHolder.setContext(securityContext);
			try {
				return Actors.find();
			}
			finally {
				SecurityContextHolder.clearContext();
			}
		}
		catch (RuntimeException ex) {
			// an invalidated session (sign-out), or no Opsdeck role
			return Optional.empty();
		}
	}

	/** Records an asynchronous request once it has completed. */
	private final class Completion implements AsyncListener {

		private final HttpServletRequest request;

		private final HttpServletResponse response;

		private final AuditContext context;

		private final Instant arrived;

		Completion(HttpServletRequest request, HttpServletResponse response, AuditContext context, Instant arrived) {
			this.request = request;
			this.response = response;
			this.context = context;
			this.arrived = arrived;
		}

		@Override
		public void onComplete(AsyncEvent event) {
			record(request, response, context, arrived, false);
		}

		@Override
		public void onTimeout(AsyncEvent event) {
		}

		@Override
		public void onError(AsyncEvent event) {
		}

		@Override
		public void onStartAsync(@Nullable AsyncEvent event) {
		}

	}

}
