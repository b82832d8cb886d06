package io.opsdeck.identity.internal;

import java.time.Instant;

/**
 * A client address locked after repeated failures (docs/security.md, "Login throttling and lock-out").
 *
 * @param address the client address as Opsdeck saw it ({@code getRemoteAddr()}), e.g. {@code 198.51.100.4} or
 * {@code 0:0:0:0:0:0:0:1}
 * @param kind what is refused from it
 * @param lockedUntil when the lock ends by itself
 */
public record AddressLock(String address, Kind kind, Instant lockedUntil) {

	/** What a locked address is refused. */
	public enum Kind {

		/** Sign-in on {@code /login}, for every user name ({@code opsdeck.login.max-failures-per-address}). */
		SIGN_IN,

		/**
		 * Every bearer request, valid token or not: {@code 429} ({@code opsdeck.login.max-invalid-tokens-per-address}
		 * distinct rejected tokens).
		 */
		BEARER_TOKENS

	}

}
