package io.opsdeck.provisioning.internal;

import java.util.LinkedHashMap;
import java.util.Map;

import io.opsdeck.inventory.EnvironmentSummary;
import io.opsdeck.provisioning.ProvisioningSettings;

/**
 * The plain extra vars of a provision run (docs/design/provisioning-contract.md, "Variables"): settings that are set,
 * under their Ansible names. Unset settings are left out so that the roles' defaults apply.
 */
final class ProvisionVars {

	/** The login user whose root login a provision run keeps, key-only: {@code root}. */
	static final String ROOT = "root";

	private ProvisionVars() {
	}

	/**
	 * @param environment the server's environment: {@code deploy_env} is its kind, {@code cloud_provider} its cloud
	 * @param settings the environment's settings
	 * @return {@code deploy_env}, {@code cloud_provider} and every setting that is set; {@code aws_region} falls back
	 * to the region of an AWS environment
	 */
	static Map<String, Object> extraVars(EnvironmentSummary environment, ProvisioningSettings settings) {
		Map<String, Object> vars = new LinkedHashMap<>();
		vars.put("deploy_env", environment.kind());
		vars.put("cloud_provider", environment.cloudProvider());
		put(vars, "domain_name", settings.domainName());
		put(vars, "ssl_email", settings.sslEmail());
		put(vars, "github_actions_ssh_key", settings.githubActionsSshKey());
		put(vars, "git_repo_url", settings.gitRepoUrl());
		put(vars, "git_branch", settings.gitBranch());
		put(vars, "django_admin_user", settings.djangoAdminUser());
		put(vars, "django_admin_email", settings.djangoAdminEmail());
		String region = settings.awsRegion();
		if (region == null && "aws".equals(environment.cloudProvider())) {
			region = environment.region();
		}
		put(vars, "aws_region", region);
		return vars;
	}

	/** @return the Ansible variable a setting becomes, e.g. {@code ssl_email} for {@code sslEmail} */
	static String variableOf(String setting) {
		return switch (setting) {
			case "dbPasswordCredentialId" -> "db_password";
			case "djangoAdminPasswordCredentialId" -> "django_admin_password";
			default -> setting.replaceAll("([A-Z])", "_$1").toLowerCase(java.util.Locale.ROOT);
		};
	}

	private static void put(Map<String, Object> vars, String name, @org.jspecify.annotations.Nullable String value) {
		if (value != null) {
			vars.put(name, value);
		}
	}

}
