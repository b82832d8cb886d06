package io.opsdeck.identity;

import java.util.Optional;

/**
 * What a user or API token may do, each role including the ones below it: {@code VIEWER} reads, {@code OPERATOR}
 * also starts and cancels runs, {@code ADMIN} also manages environments, servers, credentials, users and tokens and
 * may use the local connection. Spring authorities are {@code ROLE_<name>} with a hierarchy ADMIN &gt; OPERATOR &gt;
 * VIEWER.
 */
public enum Role {

	VIEWER, OPERATOR, ADMIN;

	/** @return the Spring Security authority string, e.g. {@code ROLE_ADMIN} */
	public String authority() {
		return "ROLE_" + name();
	}

	/** @return whether this role includes everything {@code other} may do */
	public boolean includes(Role other) {
		return compareTo(other) >= 0;
	}

	/**
	 * @param cap the highest role allowed
	 * @return the lower of this role and {@code cap}; a token's effective role is its own role capped at its
	 * owner's current role
	 */
	public Role atMost(Role cap) {
		return includes(cap) ? cap : this;
	}

	/**
	 * @param authority a Spring Security authority string
	 * @return the role for {@code ROLE_<name>}, or empty for any other authority (e.g. {@code FACTOR_PASSWORD})
	 */
	public static Optional<Role> fromAuthority(String authority) {
		for (Role role : values()) {
			if (role.authority().equals(authority)) {
				return Optional.of(role);
			}
		}
		return Optional.empty();
	}

}
