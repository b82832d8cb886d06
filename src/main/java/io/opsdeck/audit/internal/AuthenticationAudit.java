package io.opsdeck.audit.internal;

import java.time.Instant;
import java.util.Optional;

import io.opsdeck.audit.internal.AuditContext.Decision;
import io.opsdeck.identity.Role;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.event.EventListener;
import org.springframework.security.authentication.AccountExpiredException;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.CredentialsExpiredException;
import org.springframework.security.authentication.DisabledException;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.authentication.event.AbstractAuthenticationFailureEvent;
import org.springframework.security.authentication.event.AuthenticationSuccessEvent;
import org.springframework.security.authentication.event.LogoutSuccessEvent;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * Turns Spring Security's authentication events into audit entries (issue 7, "Audit log": every login, failed login,
 * token use): a form sign-in ({@code LOGIN}, {@code SUCCESS}), a failed one ({@code LOGIN}, {@code DENIED}), a
 * rejected bearer token (the request's route, {@code DENIED}) and a sign-out ({@code LOGOUT}). Successful bearer
 * authentications are not entries of their own: every API call has one; a token's mutations are recorded by the
 * request filter as {@code token:<name>}.
 * <p>
 * Secrets: the password is never read. A failed sign-in names the account ({@code target = user:<name>}) only when
 * a user of that name exists; an unknown name is left out, because what someone typed into the user name field may
 * be their password. A rejected token is shown by its first 8 characters ({@code odk_} and four more, as the tokens
 * page shows it) only when it has the Opsdeck token shape; anything else sent as a bearer token is not shown at all.
 * <p>
 * During a request the listener only decides (the request's {@link AuditContext}); the request filter writes the
 * entry with the final status. Outside a request (not expected) it writes at once.
 */
@Component
class AuthenticationAudit {

	static final String LOGIN = "LOGIN";

	static final String LOGOUT = "LOGOUT";

	private final AuditWriter writer;

	private final ObjectProvider<UserDetailsService> users;

	AuthenticationAudit(AuditWriter writer, ObjectProvider<UserDetailsService> users) {
		this.writer = writer;
		this.users = users;
	}

	@EventListener
	void on(AuthenticationSuccessEvent event) {
		Authentication authentication = event.getAuthentication();
		if (authentication instanceof UsernamePasswordAuthenticationToken) {
			record(new Decision(LOGIN, "user:" + authentication.getName(), roleOf(authentication), null,
					AuditOutcome.SUCCESS), null);
		}
	}

	@EventListener
	void on(AbstractAuthenticationFailureEvent event) {
		Authentication attempt = event.getAuthentication();
		String reason = reason(event.getException());
		if (attempt instanceof UsernamePasswordAuthenticationToken) {
			String target = existingUser(attempt.getName()) ? "user:" + attempt.getName() : null;
			record(new Decision(LOGIN, AuditEntry.ANONYMOUS, null, target, AuditOutcome.DENIED),
					(target != null) ? reason : reason + "; unknown user name (not recorded: it may be a password)");
		}
		else {
			record(new Decision(null, AuditEntry.ANONYMOUS, null, null, AuditOutcome.DENIED),
					"bearer token rejected" + tokenPrefix(attempt.getCredentials()));
		}
	}

	@EventListener
	void on(LogoutSuccessEvent event) {
		Authentication authentication = event.getAuthentication();
		record(new Decision(LOGOUT, "user:" + authentication.getName(), roleOf(authentication), null,
				AuditOutcome.SUCCESS), null);
	}

	private void record(Decision decision, @Nullable String note) {
		Optional<AuditContext> context = AuditContext.current();
		if (context.isPresent()) {
			context.get().decide(decision);
			if (note != null) {
				context.get().note(note);
			}
			return;
		}
		writer.write(new AuditEntry(Instant.now(), decision.actor(), decision.actorRole(), address(),
				(decision.action() != null) ? decision.action() : "AUTHENTICATION", decision.target(), null,
				decision.outcome(), null, note));
	}

	private boolean existingUser(@Nullable String username) {
		if (username == null || username.isBlank() || username.length() > 200) {
			return false;
		}
		UserDetailsService service = users.getIfUnique();
		if (service == null) {
			return false;
		}
		try {
			service.loadUserByUsername(username);
			return true;
		}
		catch (UsernameNotFoundException ex) {
			return false;
		}
		catch (RuntimeException ex) {
			// the database is away: leave the name out rather than guess
			return false;
		}
	}

	/** @return {@code " (odk_abcd…)"} for an Opsdeck-shaped token, else nothing */
	static String tokenPrefix(@Nullable Object credentials) {
		if (credentials instanceof String token && token.startsWith("odk_") && token.length() > 8) {
			String prefix = token.substring(0, 8);
			if (prefix.chars().allMatch(c -> Character.isLetterOrDigit(c) || c == '_' || c == '-')) {
				return " (" + prefix + "…)";
			}
		}
		return "";
	}

	private static String reason(AuthenticationException exception) {
		if (exception instanceof BadCredentialsException) {
			return "bad credentials";
		}
		if (exception instanceof LockedException) {
			return "account locked";
		}
		if (exception instanceof DisabledException) {
			return "account disabled";
		}
		if (exception instanceof AccountExpiredException) {
			return "account expired";
		}
		if (exception instanceof CredentialsExpiredException) {
			return "password expired";
		}
		// the class only: a message may repeat what was sent
		return "authentication failed (" + exception.getClass().getSimpleName() + ")";
	}

	private static @Nullable String roleOf(Authentication authentication) {
		return authentication.getAuthorities()
			.stream()
			.map(GrantedAuthority::getAuthority)
			.filter(a -> a != null)
			.map(Role::fromAuthority)
			.flatMap(Optional::stream)
			.max(Enum::compareTo)
			.map(Role::name)
			.orElse(null);
	}

	private static @Nullable String address() {
		RequestAttributes attributes = RequestContextHolder.getRequestAttributes();
		if (attributes instanceof ServletRequestAttributes servlet) {
			HttpServletRequest request = servlet.getRequest();
			return request.getRemoteAddr();
		}
		return null;
	}

}
