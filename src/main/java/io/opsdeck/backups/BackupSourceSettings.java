package io.opsdeck.backups;

import java.util.Map;

/**
 * What {@code backup.yml} needs besides the presigned URLs.
 *
 * @param server name of the server to back up from (the run's {@code --limit}); it must belong to the environment
 * @param media whether the environment has a media directory to archive; without it the playbook gets an empty
 * {@code backup_media_put_url}
 * @param extraVars the database and media vars of docs/design/drills-contract.md ({@code db_name}, {@code db_mode},
 * {@code db_user}, {@code db_host}, {@code db_port}, {@code db_compose_service}, {@code db_become_user},
 * {@code media_dir}, {@code app_dir}, ...); no secrets
 */
public record BackupSourceSettings(String server, boolean media, Map<String, Object> extraVars) {

	public BackupSourceSettings {
		extraVars = Map.copyOf(extraVars);
	}

}
