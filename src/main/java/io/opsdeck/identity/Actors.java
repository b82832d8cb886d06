package io.opsdeck.identity;

import java.util.Objects;
import java.util.Optional;

import io.opsdeck.identity.internal.ApiTokenAuthentication;

import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * The actor behind the current request, read from Spring Security's context, <em>as of this request</em>: the
 * identity module's request filter reads a signed-in user's base role and per-environment grants from the database
 * on every request and makes the resulting {@link Actor} the request's principal (never the session's), so a revoked
 * grant or a demotion takes effect at once, also in open sessions. An API token is
 * {@code Actor(TOKEN, tokenName, effectiveRole, rolePerEnvironment, scope)}, each role the token's role capped at its
 * owner's current role in that environment. Static and thread-bound: on an executor thread there is no actor unless
 * the caller passed the {@code Actor} on (or ran the task with Spring Security's delegating executor).
 */
public final class Actors {

	private Actors() {
	}

	/**
	 * @return the actor of the current thread's request
	 * @throws IllegalStateException when nobody is authenticated (anonymous request, background thread without a
	 * security context) or the authentication carries no Opsdeck role
	 */
	public static Actor current() {
		return find().orElseThrow(() -> new IllegalStateException("No authenticated user or API token"));
	}

	/**
	 * @return the actor of the current thread's request, or empty when nobody is authenticated
	 * @throws IllegalStateException when someone is authenticated but carries no Opsdeck role
	 */
	public static Optional<Actor> find() {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		if (authentication == null || !authentication.isAuthenticated()
				|| authentication instanceof AnonymousAuthenticationToken) {
			return Optional.empty();
		}
		if (authentication.getPrincipal() instanceof Actor actor) {
			return Optional.of(actor);
		}
		return Optional.of(new Actor(Actor.Kind.USER, authentication.getName(), roleOf(authentication)));
	}

	private static Role roleOf(Authentication authentication) {
		return authentication.getAuthorities()
			.stream()
			.map(GrantedAuthority::getAuthority)
			.filter(Objects::nonNull)
			.map(Role::fromAuthority)
			.flatMap(Optional::stream)
			.max(Enum::compareTo)
			.orElseThrow(() -> new IllegalStateException("'" + authentication.getName() + "' has no Opsdeck role"));
	}

	/**
	 * The person behind the current request, to tell people apart where an actor's display name would not: a
	 * signed-in user and the API tokens that user owns are one person (issue 7, "Approvals": the second admin must be
	 * someone else than the requester, whichever way either signed in).
	 * @return the signed-in user's name, or the owner's user name for an API token; empty when nobody is
	 * authenticated
	 */
	public static Optional<String> currentPerson() {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		if (authentication == null || !authentication.isAuthenticated()
				|| authentication instanceof AnonymousAuthenticationToken) {
			return Optional.empty();
		}
		if (authentication instanceof ApiTokenAuthentication token) {
			return Optional.of(token.owner());
		}
		return Optional.of(authentication.getName());
	}

}
