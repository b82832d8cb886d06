package io.opsdeck.identity.internal;

import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.security.authentication.AbstractAuthenticationToken;

/**
 * A bearer token as it arrived, not yet checked; input to {@link BearerTokenAuthenticationProvider}. Its
 * {@code toString()} never shows the value, and {@link #eraseCredentials()} drops it.
 */
public final class BearerTokenAuthenticationRequest extends AbstractAuthenticationToken {

	private @Nullable String token;

	BearerTokenAuthenticationRequest(String token) {
		super(List.of());
		this.token = token;
		setAuthenticated(false);
	}

	/** @return the token value, or {@code null} after {@link #eraseCredentials()} */
	@Override
	public @Nullable String getCredentials() {
		return token;
	}

	@Override
	public String getPrincipal() {
		return "api-token";
	}

	@Override
	public void eraseCredentials() {
		token = null;
		super.eraseCredentials();
	}

	@Override
	public String toString() {
		return "BearerTokenAuthenticationRequest[token=[PROTECTED]]";
	}

}
