package io.opsdeck.identity;

import java.util.Optional;

import io.opsdeck.identity.internal.ApiTokenAuthentication;

import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * A stable, unique key for the caller of the current request, for state kept per caller (the Idempotency-Key store):
 * {@code user:<username>} for a signed-in user, {@code token:<token id>} for an API token. Unlike
 * {@link Actor#display()} it tells apart two users' tokens that share a name, and a token from its owner.
 */
public final class CallerKeys {

	private CallerKeys() {
	}

	/** @return the current caller's key, or empty when nobody is authenticated */
	public static Optional<String> current() {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		if (authentication == null || !authentication.isAuthenticated()
				|| authentication instanceof AnonymousAuthenticationToken) {
			return Optional.empty();
		}
		if (authentication instanceof ApiTokenAuthentication token) {
			return Optional.of("token:" + token.tokenId());
		}
		return Actors.find().map(actor -> actor.kind().label() + ":" + actor.name());
	}

}
