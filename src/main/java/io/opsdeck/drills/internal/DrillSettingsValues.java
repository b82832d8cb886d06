package io.opsdeck.drills.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * Drill settings as a value: what the web layer validated and what the playbook gets as extra vars.
 *
 * @param serverId the server to restore on (it must belong to the environment)
 * @param dbName database name
 * @param dbMode {@code host} (PostgreSQL on the server) or {@code docker} ({@code docker compose exec})
 * @param dbUser database role for dumps and restores, and the restored database's owner
 * @param dbHost database host as seen from the server (host mode), default {@code 127.0.0.1}
 * @param dbPort database port, default 5432
 * @param dbComposeService compose service of the database (docker mode), default {@code postgres}
 * @param dbComposeFile compose file in {@code appDir} (docker mode), default {@code compose.prod.yml}
 * @param dbBecomeUser OS user to become for database commands (e.g. {@code postgres}), or {@code null}
 * @param mediaDir absolute path of the media directory, or {@code null} when there is no media
 * @param appDir absolute path of the application (where {@code compose.prod.yml} lives)
 * @param startCommand command that starts the application, run in {@code appDir} by the server's shell
 * @param healthUrl URL polled until it answers 2xx, or {@code null}
 * @param healthTimeoutSeconds how long to poll it, seconds
 * @param rtoTargetSeconds the RTO target, seconds (seed: 30 minutes)
 * @param restoreJobs parallel {@code pg_restore} jobs
 * @param restoreNoOwner {@code pg_restore --no-owner}
 * @param restoreNoAcl {@code pg_restore --no-acl}
 */
public record DrillSettingsValues(@Nullable UUID serverId, String dbName, String dbMode, String dbUser, String dbHost,
		int dbPort, String dbComposeService, String dbComposeFile, @Nullable String dbBecomeUser, @Nullable String mediaDir,
		@Nullable String appDir, @Nullable String startCommand, @Nullable String healthUrl, int healthTimeoutSeconds,
		int rtoTargetSeconds, int restoreJobs, boolean restoreNoOwner, boolean restoreNoAcl) {

	/** Default RTO target in seconds (seed: "restore services from backups within 30 minutes"). */
	public static final int DEFAULT_RTO_SECONDS = 1800;

	/** @return the extra vars of the drill and backup playbooks (docs/design/drills-contract.md) */
	Map<String, Object> extraVars() {
		Map<String, Object> vars = new LinkedHashMap<>();
		vars.put("db_name", dbName);
		vars.put("db_mode", dbMode);
		vars.put("db_user", dbUser);
		vars.put("db_host", dbHost);
		vars.put("db_port", dbPort);
		vars.put("db_compose_service", dbComposeService);
		vars.put("db_compose_file", dbComposeFile);
		vars.put("db_become_user", (dbBecomeUser != null) ? dbBecomeUser : "");
		vars.put("media_dir", (mediaDir != null) ? mediaDir : "");
		vars.put("app_dir", (appDir != null) ? appDir : "");
		vars.put("start_command", (startCommand != null) ? startCommand : "");
		vars.put("health_url", (healthUrl != null) ? healthUrl : "");
		vars.put("health_timeout_seconds", healthTimeoutSeconds);
		vars.put("restore_jobs", restoreJobs);
		vars.put("restore_no_owner", restoreNoOwner);
		vars.put("restore_no_acl", restoreNoAcl);
		return vars;
	}

}
