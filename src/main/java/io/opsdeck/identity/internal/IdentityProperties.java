package io.opsdeck.identity.internal;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Start-up settings for the first admin and the CI bootstrap token. Both are read only at start-up and only act
 * when their row does not exist yet.
 *
 * @param adminPassword {@code opsdeck.admin-password} (env {@code OPSDECK_ADMIN_PASSWORD}): password of the
 * {@code admin} user created when the users table is empty; blank or unset means a random password printed once
 * to the log
 * @param bootstrapToken {@code opsdeck.bootstrap-token} (env {@code OPSDECK_BOOTSTRAP_TOKEN}): value of an ADMIN API
 * token named {@code bootstrap}, owned by {@code admin}, created when no token with that value exists; at least
 * {@value TokenValues#MIN_BOOTSTRAP_LENGTH} characters
 */
@ConfigurationProperties("opsdeck")
public record IdentityProperties(@Nullable String adminPassword, @Nullable String bootstrapToken) {

	/** @return whether an admin password was configured */
	public boolean hasAdminPassword() {
		return adminPassword != null && !adminPassword.isBlank();
	}

	/** @return whether a bootstrap token was configured */
	public boolean hasBootstrapToken() {
		return bootstrapToken != null && !bootstrapToken.isBlank();
	}

	@Override
	public String toString() {
		return "IdentityProperties[adminPassword=" + (hasAdminPassword() ? "[PROTECTED]" : "unset")
				+ ", bootstrapToken=" + (hasBootstrapToken() ? "[PROTECTED]" : "unset") + "]";
	}

}
