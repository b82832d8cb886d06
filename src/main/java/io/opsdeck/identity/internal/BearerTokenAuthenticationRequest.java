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

	private final @Nullable String address;

	BearerTokenAuthenticationRequest(String token, @Nullable String address) {
		super(List.of());
		this.token = token;
		this.address = address;
		setAuthenticated(false);
	}

	/** @return the token value, or {@code null} after {@link #eraseCredentials()} */
	@Override
	public @Nullable String getCredentials() {
		return token;
	}

	/** @return the client address the token came from, for throttling; {@code null} when unknown */
	public @Nullable String address() {
		return address;
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
