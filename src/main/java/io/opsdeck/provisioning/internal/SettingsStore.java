package io.opsdeck.provisioning.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import io.opsdeck.provisioning.ProvisioningSettings;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The {@code provisioning_settings} table: one row per environment that has settings. */
@Repository
class SettingsStore {

	private final JdbcClient jdbc;

	SettingsStore(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	Optional<ProvisioningSettings> find(UUID environmentId, String environment) {
		return jdbc.sql("select * from provisioning_settings where environment_id = ?")
			.param(environmentId)
			.query((rs, row) -> settings(rs, environment))
			.optional();
	}

	/** Inserts or replaces an environment's settings. */
	void save(UUID environmentId, ProvisioningSettings s, String updatedBy, Instant now) {
		jdbc.sql("""
				insert into provisioning_settings (environment_id, domain_name, ssl_email, github_actions_ssh_key,
				    git_repo_url, git_branch, django_admin_user, django_admin_email, aws_region,
				    db_password_credential_id, django_admin_password_credential_id, updated_at, updated_by, version)
				values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0)
				on conflict (environment_id) do update set domain_name = excluded.domain_name,
				    ssl_email = excluded.ssl_email, github_actions_ssh_key = excluded.github_actions_ssh_key,
				    git_repo_url = excluded.git_repo_url, git_branch = excluded.git_branch,
				    django_admin_user = excluded.django_admin_user, django_admin_email = excluded.django_admin_email,
				    aws_region = excluded.aws_region, db_password_credential_id = excluded.db_password_credential_id,
				    django_admin_password_credential_id = excluded.django_admin_password_credential_id,
				    updated_at = excluded.updated_at, updated_by = excluded.updated_by,
				    version = provisioning_settings.version + 1
				""")
			.params(environmentId, s.domainName(), s.sslEmail(), s.githubActionsSshKey(), s.gitRepoUrl(), s.gitBranch(),
					s.djangoAdminUser(), s.djangoAdminEmail(), s.awsRegion(), s.dbPasswordCredentialId(),
					s.djangoAdminPasswordCredentialId(), Timestamp.from(now), updatedBy)
			.update();
	}

	private static ProvisioningSettings settings(ResultSet rs, String environment) throws SQLException {
		return new ProvisioningSettings(environment, rs.getString("domain_name"), rs.getString("ssl_email"),
				rs.getString("github_actions_ssh_key"), rs.getString("git_repo_url"), rs.getString("git_branch"),
				rs.getString("django_admin_user"), rs.getString("django_admin_email"), rs.getString("aws_region"),
				rs.getObject("db_password_credential_id", UUID.class),
				rs.getObject("django_admin_password_credential_id", UUID.class),
				rs.getTimestamp("updated_at").toInstant(), rs.getString("updated_by"));
	}

}
