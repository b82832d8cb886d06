package io.opsdeck.provisioning.internal;

import java.util.Base64;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

import io.opsdeck.provisioning.ProvisioningSettings;
import io.opsdeck.shared.InvalidInputException;
import org.jspecify.annotations.Nullable;

/**
 * Checks and normalises provisioning settings at the edge, naming the field at fault. Values reach the playbook as
 * {@code !unsafe} extra vars (never a shell), but a malformed one would only fail minutes into a run, on the host.
 */
final class SettingsRules {

	private static final Pattern DOMAIN = Pattern
		.compile("^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z][a-z0-9-]{0,61}[a-z0-9]$");

	private static final Pattern EMAIL = Pattern.compile("^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}@"
			+ "([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\\.)+[A-Za-z]{2,63}$");

	private static final Set<String> KEY_TYPES = Set.of("ssh-ed25519", "ssh-rsa", "ecdsa-sha2-nistp256",
			"ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521", "sk-ssh-ed25519@openssh.com",
			"sk-ecdsa-sha2-nistp256@openssh.com");

	private static final Pattern PUBLIC_KEY = Pattern.compile("^(\\S+) ([A-Za-z0-9+/]+={0,3})( [\\x20-\\x7e]{0,200})?$");

	private static final Pattern HTTPS_URL = Pattern
		.compile("^https://[A-Za-z0-9.][A-Za-z0-9.-]*(:[0-9]{1,5})?/[A-Za-z0-9._~/%+-]+$");

	private static final Pattern SSH_URL = Pattern
		.compile("^ssh://([A-Za-z0-9._][A-Za-z0-9._-]*@)?[A-Za-z0-9.][A-Za-z0-9.-]*(:[0-9]{1,5})?/[A-Za-z0-9._~/%+-]+$");

	// user and host never start with '-' (git and ssh would read "-oProxyCommand=..." as an option)
	private static final Pattern SCP_URL = Pattern
		.compile("^[A-Za-z0-9._][A-Za-z0-9._-]*@[A-Za-z0-9.][A-Za-z0-9.-]*:[A-Za-z0-9._~][A-Za-z0-9._~/+-]*$");

	private static final Pattern BRANCH = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9._/-]{0,254}$");

	private static final Pattern ADMIN_USER = Pattern.compile("^[A-Za-z0-9.@+_-]{1,150}$");

	private static final Pattern AWS_REGION = Pattern.compile("^[a-z]{2}(-[a-z]+)+-[0-9]{1,2}$");

	private SettingsRules() {
	}

	/**
	 * @param environment environment name
	 * @param input values as given
	 * @return the values stripped, blank ones as {@code null}, the domain name in lower case
	 * @throws InvalidInputException naming the first malformed field
	 */
	static ProvisioningSettings check(String environment, ProvisioningSettings input) {
		String domain = blankToNull(input.domainName());
		if (domain != null) {
			domain = domain.toLowerCase(Locale.ROOT);
			if (domain.endsWith(".")) {
				domain = domain.substring(0, domain.length() - 1);
			}
			require(DOMAIN.matcher(domain).matches(), "domainName",
					"must be a DNS name such as app.example.com (letters, digits, '-', dots; no scheme, port or path)");
		}
		String sslEmail = email("sslEmail", input.sslEmail());
		String key = publicKey(blankToNull(input.githubActionsSshKey()));
		String repo = blankToNull(input.gitRepoUrl());
		if (repo != null) {
			require(repo.length() <= 2048 && !repo.contains("..") && (HTTPS_URL.matcher(repo).matches()
					|| SSH_URL.matcher(repo).matches() || SCP_URL.matcher(repo).matches()), "gitRepoUrl",
					"must be a git URL: https://host/owner/repo.git, ssh://git@host/owner/repo.git or"
							+ " git@host:owner/repo.git (no spaces, no credentials in the URL)");
		}
		String branch = blankToNull(input.gitBranch());
		if (branch != null) {
			require(BRANCH.matcher(branch).matches() && !branch.contains("..") && !branch.contains("//")
					&& !branch.endsWith("/") && !branch.endsWith(".") && !branch.endsWith(".lock")
					&& !branch.contains("/."), "gitBranch",
					"must be a git branch name such as main or release/1.2 (letters, digits, '.', '_', '-', '/')");
		}
		String adminUser = blankToNull(input.djangoAdminUser());
		if (adminUser != null) {
			require(ADMIN_USER.matcher(adminUser).matches(), "djangoAdminUser",
					"must be 1-150 letters, digits or . @ + - _ (Django's username rule)");
		}
		// the django role creates the admin user only with a password (its variable check fails the run otherwise)
		require(adminUser == null || input.djangoAdminPasswordCredentialId() != null, "djangoAdminPasswordCredentialId",
				"a Django admin user needs a password: choose a secret credential for it, or leave the user empty");
		String adminEmail = email("djangoAdminEmail", input.djangoAdminEmail());
		String region = blankToNull(input.awsRegion());
		if (region != null) {
			require(AWS_REGION.matcher(region).matches(), "awsRegion", "must be an AWS region such as eu-west-1");
		}
		return new ProvisioningSettings(environment, domain, sslEmail, key, repo, branch, adminUser, adminEmail, region,
				input.dbPasswordCredentialId(), input.djangoAdminPasswordCredentialId(), null, null);
	}

	private static @Nullable String email(String field, @Nullable String value) {
		String email = blankToNull(value);
		if (email != null) {
			require(email.length() <= 254 && EMAIL.matcher(email).matches(), field,
					"must be an e-mail address such as ops@example.com");
		}
		return email;
	}

	/** One {@code authorized_keys} line: type, base64 blob whose first field is that type, optional comment. */
	private static @Nullable String publicKey(@Nullable String line) {
		if (line == null) {
			return null;
		}
		if (line.contains("PRIVATE KEY")) {
			throw new InvalidInputException("githubActionsSshKey",
					"this is a private key: paste the public key line (the .pub file) instead");
		}
		require(line.length() <= 16_384, "githubActionsSshKey", "is too long: a public key line has at most 16384"
				+ " characters");
		var matcher = PUBLIC_KEY.matcher(line);
		require(matcher.matches() && KEY_TYPES.contains(matcher.group(1)) && blobType(matcher.group(2))
			.equals(matcher.group(1)), "githubActionsSshKey",
				"must be one public key line such as 'ssh-ed25519 AAAAC3Nza… github-actions' (the .pub file)");
		return line;
	}

	private static String blobType(String base64) {
		try {
			byte[] blob = Base64.getDecoder().decode(base64);
			if (blob.length < 4) {
				return "";
			}
			int length = ((blob[0] & 0xff) << 24) | ((blob[1] & 0xff) << 16) | ((blob[2] & 0xff) << 8) | (blob[3] & 0xff);
			if (length <= 0 || length > blob.length - 4) {
				return "";
			}
			return new String(blob, 4, length, java.nio.charset.StandardCharsets.US_ASCII);
		}
		catch (IllegalArgumentException ex) {
			return "";
		}
	}

	private static @Nullable String blankToNull(@Nullable String value) {
		if (value == null || value.isBlank()) {
			return null;
		}
		// control characters are left in: every field's pattern refuses them
		return value.strip();
	}

	private static void require(boolean condition, String field, String message) {
		if (!condition) {
			throw new InvalidInputException(field, message);
		}
	}

}
