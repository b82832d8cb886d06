package io.opsdeck.identity.internal;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.opsdeck.identity.Actor;
import org.jspecify.annotations.Nullable;

import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * A request authenticated by an API token. The principal is the {@link Actor} ({@code TOKEN}, token name, effective
 * role) so that {@link io.opsdeck.identity.Actors#current()} needs no knowledge of this class; the only authority is
 * the effective role's {@code ROLE_<name>}. Holds no credentials: the token value is gone once authentication
 * succeeded.
 */
public final class ApiTokenAuthentication extends AbstractAuthenticationToken {

	private final Actor actor;

	private final UUID tokenId;

	private final String owner;

	private final @Nullable Instant expiresAt;

	/** The token's SHA-256 (as stored, never the value), to check the token again for a long response. */
	private final String tokenHash;

	ApiTokenAuthentication(Actor actor, UUID tokenId, String owner, @Nullable Instant expiresAt, String tokenHash) {
		super(List.of(new SimpleGrantedAuthority(actor.role().authority())));
		this.actor = actor;
		this.tokenId = tokenId;
		this.owner = owner;
		this.expiresAt = expiresAt;
		this.tokenHash = tokenHash;
		setAuthenticated(true);
	}

	@Override
	public Actor getPrincipal() {
		return actor;
	}

	@Override
	public @Nullable Object getCredentials() {
		return null;
	}

	/** @return the token's name, as in {@link Actor#name()} */
	@Override
	public String getName() {
		return actor.name();
	}

	public UUID tokenId() {
		return tokenId;
	}

	/** @return the user name of the token's owner */
	public String owner() {
		return owner;
	}

	/** @return when the token expires, or {@code null} for never */
	public @Nullable Instant expiresAt() {
		return expiresAt;
	}

	/** @return the token's SHA-256, for {@link TokenAuthenticator#recheck(String)} */
	String tokenHash() {
		return tokenHash;
	}

}
