package io.opsdeck.identity.internal;

import java.time.Duration;
import java.util.Optional;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;

/**
 * Authenticates a {@link BearerTokenAuthenticationRequest} against {@code api_tokens}. Every failure (unknown,
 * revoked, expired, owner disabled or removed) is the same {@link BadCredentialsException}, so a caller learns
 * nothing about which tokens exist. Deliberately not a bean: a global {@code AuthenticationProvider} bean would
 * take over Spring Security's default authentication manager; the API filter chain gets its own manager instead.
 * <p>
 * Rejected tokens are counted per client address, each distinct token once per window ({@link TokenThrottle}); an
 * address over its limit gets {@link TooManyFailuresException} (a {@code 429} with {@code Retry-After}) for every
 * token, valid or not, until the lock ends or an ADMIN lifts it ({@link AddressLockService}).
 */
public final class BearerTokenAuthenticationProvider implements AuthenticationProvider {

	private final TokenAuthenticator authenticator;

	private final TokenThrottle throttle;

	public BearerTokenAuthenticationProvider(TokenAuthenticator authenticator, TokenThrottle throttle) {
		this.authenticator = authenticator;
		this.throttle = throttle;
	}

	@Override
	public Authentication authenticate(Authentication authentication) throws AuthenticationException {
		Object token = authentication.getCredentials();
		if (!(token instanceof String value)) {
			throw new BadCredentialsException("Missing bearer token");
		}
		String address = (authentication instanceof BearerTokenAuthenticationRequest request) ? request.address()
				: null;
		Optional<Duration> locked = throttle.tokensLockedFor(address);
		if (locked.isPresent()) {
			throw new TooManyFailuresException(locked.get());
		}
		Optional<ApiTokenAuthentication> authenticated = authenticator.authenticate(value);
		if (authenticated.isEmpty()) {
			throttle.tokenRejected(address, TokenValues.hash(value));
			throw new BadCredentialsException("Invalid, expired or revoked API token");
		}
		return authenticated.get();
	}

	@Override
	public boolean supports(Class<?> authentication) {
		return BearerTokenAuthenticationRequest.class.isAssignableFrom(authentication);
	}

}
