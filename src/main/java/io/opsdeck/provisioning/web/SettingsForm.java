package io.opsdeck.provisioning.web;

import java.util.UUID;

import io.opsdeck.provisioning.ProvisioningSettings;
import io.opsdeck.shared.InvalidInputException;
import org.jspecify.annotations.Nullable;

/**
 * The provisioning settings form of an environment page: the same fields as {@link ProvisioningSettings}, the
 * credential references as select values (empty: none).
 */
record SettingsForm(@Nullable String domainName, @Nullable String sslEmail, @Nullable String githubActionsSshKey,
		@Nullable String gitRepoUrl, @Nullable String gitBranch, @Nullable String djangoAdminUser,
		@Nullable String djangoAdminEmail, @Nullable String awsRegion, @Nullable String dbPasswordCredentialId,
		@Nullable String djangoAdminPasswordCredentialId) {

	/** @return this form, with a deploy key that holds a private key emptied (never echoed back to the browser) */
	SettingsForm withoutPrivateKey() {
		if (githubActionsSshKey == null || !githubActionsSshKey.contains("PRIVATE KEY")) {
			return this;
		}
		return new SettingsForm(domainName, sslEmail, null, gitRepoUrl, gitBranch, djangoAdminUser, djangoAdminEmail,
				awsRegion, dbPasswordCredentialId, djangoAdminPasswordCredentialId);
	}

	static SettingsForm of(ProvisioningSettings s) {
		return new SettingsForm(s.domainName(), s.sslEmail(), s.githubActionsSshKey(), s.gitRepoUrl(), s.gitBranch(),
				s.djangoAdminUser(), s.djangoAdminEmail(), s.awsRegion(), text(s.dbPasswordCredentialId()),
				text(s.djangoAdminPasswordCredentialId()));
	}

	/** @throws InvalidInputException on a credential field whose value is not an id */
	ProvisioningSettings toSettings(String environment) {
		return new ProvisioningSettings(environment, domainName, sslEmail, githubActionsSshKey, gitRepoUrl, gitBranch,
				djangoAdminUser, djangoAdminEmail, awsRegion, id("dbPasswordCredentialId", dbPasswordCredentialId),
				id("djangoAdminPasswordCredentialId", djangoAdminPasswordCredentialId), null, null);
	}

	private static @Nullable String text(@Nullable UUID id) {
		return (id != null) ? id.toString() : null;
	}

	private static @Nullable UUID id(String field, @Nullable String value) {
		if (value == null || value.isBlank()) {
			return null;
		}
		try {
			return UUID.fromString(value.strip());
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidInputException(field, "choose a secret from the list");
		}
	}

}
