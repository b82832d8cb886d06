package io.opsdeck.identity.internal;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;

/**
 * Authenticates a {@link BearerTokenAuthenticationRequest} against {@code api_tokens}. Every failure (unknown,
 * revoked, expired, owner disabled or removed) is the same {@link BadCredentialsException}, so a caller learns
 * nothing about which tokens exist. Deliberately not a bean: a global {@code AuthenticationProvider} bean would
 * take over Spring Security's default authentication manager; the API filter chain gets its own manager instead.
 */
public final class BearerTokenAuthenticationProvider implements AuthenticationProvider {

	private final TokenAuthenticator authenticator;

	public BearerTokenAuthenticationProvider(TokenAuthenticator authenticator) {
		this.authenticator = authenticator;
	}

	@Override
	public Authentication authenticate(Authentication authentication) throws AuthenticationException {
		Object token = authentication.getCredentials();
		if (!(token instanceof String value)) {
			throw new BadCredentialsException("Missing bearer token");
		}
		return authenticator.authenticate(value)
			.orElseThrow(() -> new BadCredentialsException("Invalid, expired or revoked API token"));
	}

	@Override
	public boolean supports(Class<?> authentication) {
		return BearerTokenAuthenticationRequest.class.isAssignableFrom(authentication);
	}

}
