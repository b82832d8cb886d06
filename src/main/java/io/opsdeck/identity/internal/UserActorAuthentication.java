package io.opsdeck.identity.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import io.opsdeck.identity.Actor;
import io.opsdeck.identity.Role;
import org.jspecify.annotations.Nullable;

import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * A signed-in user as of this request: built per request from the session's authentication and the user's roles
 * read from the database, and kept in the request's security context only (never in the session). The principal
 * is the {@link Actor}; the authorities are {@code ROLE_<current base role>} plus the session's non-role
 * authorities (e.g. {@code FACTOR_PASSWORD}), so a demotion takes effect at once.
 */
public final class UserActorAuthentication extends AbstractAuthenticationToken {

	private final Actor actor;

	private final Authentication session;

	public UserActorAuthentication(Actor actor, Authentication session) {
		super(authorities(actor.role(), session.getAuthorities()));
		this.actor = actor;
		this.session = session;
		setDetails(session.getDetails());
		setAuthenticated(true);
	}

	private static List<GrantedAuthority> authorities(Role role, Collection<? extends GrantedAuthority> original) {
		List<GrantedAuthority> authorities = new ArrayList<>();
		authorities.add(new SimpleGrantedAuthority(role.authority()));
		for (GrantedAuthority authority : original) {
			String name = authority.getAuthority();
			if (name != null && Role.fromAuthority(name).isEmpty()) {
				authorities.add(authority);
			}
		}
		return authorities;
	}

	@Override
	public Actor getPrincipal() {
		return actor;
	}

	@Override
	public @Nullable Object getCredentials() {
		return null;
	}

	/** @return the user name */
	@Override
	public String getName() {
		return actor.name();
	}

	/** @return the authentication stored in the session at sign-in */
	public Authentication session() {
		return session;
	}

}
