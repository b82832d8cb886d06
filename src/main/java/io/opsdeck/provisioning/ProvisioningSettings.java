package io.opsdeck.provisioning;

import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * An environment's provisioning settings: the seed's variables for {@code provision.yml}. Secrets are references to
 * credentials of type {@code secret}, never values. Also the API's body ({@code PUT} ignores {@code environment},
 * {@code updatedAt} and {@code updatedBy}). Every field may be {@code null} (not set).
 *
 * @param environment environment name
 * @param domainName DOMAIN_NAME → {@code domain_name}, e.g. {@code app.example.com}; needed by {@code ssl},
 * {@code django}
 * @param sslEmail SSL_EMAIL → {@code ssl_email}, the ACME account address; needed by {@code ssl}
 * @param githubActionsSshKey GITHUB_ACTIONS_SSH_KEY → {@code github_actions_ssh_key}: one public key line for the
 * CI deploy user's {@code authorized_keys}
 * @param gitRepoUrl GIT_REPO_URL → {@code git_repo_url}: {@code https://}, {@code ssh://} or {@code git@host:path}
 * @param gitBranch GIT_BRANCH → {@code git_branch} (playbook default {@code main})
 * @param djangoAdminUser DJANGO_ADMIN_USER → {@code django_admin_user}
 * @param djangoAdminEmail DJANGO_ADMIN_EMAIL → {@code django_admin_email}
 * @param awsRegion AWS_REGION → {@code aws_region}; when unset on an AWS environment, its region is passed
 * @param dbPasswordCredentialId secret credential for DB_PASSWORD → {@code db_password}; needed by {@code django}
 * @param djangoAdminPasswordCredentialId secret credential for DJANGO_ADMIN_PASSWORD → {@code django_admin_password}
 * @param updatedAt when they were last saved, {@code null} if never
 * @param updatedBy who saved them ({@code kind:name}), {@code null} if never
 */
public record ProvisioningSettings(String environment, @Nullable String domainName, @Nullable String sslEmail,
		@Nullable String githubActionsSshKey, @Nullable String gitRepoUrl, @Nullable String gitBranch,
		@Nullable String djangoAdminUser, @Nullable String djangoAdminEmail, @Nullable String awsRegion,
		@Nullable UUID dbPasswordCredentialId, @Nullable UUID djangoAdminPasswordCredentialId,
		@Nullable Instant updatedAt, @Nullable String updatedBy) {

	/** @return settings with nothing set */
	public static ProvisioningSettings empty(String environment) {
		return new ProvisioningSettings(environment, null, null, null, null, null, null, null, null, null, null, null,
				null);
	}

	/**
	 * @param setting API name of a setting, e.g. {@code sslEmail}
	 * @return whether it is set
	 */
	public boolean has(String setting) {
		Object value = switch (setting) {
			case "domainName" -> domainName;
			case "sslEmail" -> sslEmail;
			case "githubActionsSshKey" -> githubActionsSshKey;
			case "gitRepoUrl" -> gitRepoUrl;
			case "gitBranch" -> gitBranch;
			case "djangoAdminUser" -> djangoAdminUser;
			case "djangoAdminEmail" -> djangoAdminEmail;
			case "awsRegion" -> awsRegion;
			case "dbPasswordCredentialId" -> dbPasswordCredentialId;
			case "djangoAdminPasswordCredentialId" -> djangoAdminPasswordCredentialId;
			default -> throw new IllegalArgumentException("no setting " + setting);
		};
		return value != null;
	}

}
