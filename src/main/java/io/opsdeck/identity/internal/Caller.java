package io.opsdeck.identity.internal;

import java.time.Instant;
import java.util.UUID;

import io.opsdeck.identity.Actor;
import io.opsdeck.identity.Actors;
import io.opsdeck.identity.Role;
import org.jspecify.annotations.Nullable;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * The current caller as the identity module needs it: the actor plus, for a token, the owning user and the
 * token's expiry.
 *
 * @param actor who is acting, with the role they act with
 * @param username the signed-in user, or the owner of the token
 * @param tokenId the token used, or {@code null} for a signed-in user
 * @param tokenExpiresAt when that token expires, or {@code null} (user, or token that never expires)
 */
public record Caller(Actor actor, String username, @Nullable UUID tokenId, @Nullable Instant tokenExpiresAt) {

	/**
	 * @return the caller of the current request
	 * @throws IllegalStateException when nobody is authenticated
	 */
	public static Caller current() {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		if (authentication instanceof ApiTokenAuthentication token) {
			return new Caller(token.getPrincipal(), token.owner(), token.tokenId(), token.expiresAt());
		}
		Actor actor = Actors.current();
		return new Caller(actor, actor.name(), null, null);
	}

	public Role role() {
		return actor.role();
	}

	public boolean isAdmin() {
		return actor.role() == Role.ADMIN;
	}

	/** @return whether the caller authenticated with an API token rather than a signed-in session */
	public boolean isToken() {
		return tokenId != null;
	}

}
