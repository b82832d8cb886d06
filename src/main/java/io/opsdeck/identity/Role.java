package io.opsdeck.identity;

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

}
