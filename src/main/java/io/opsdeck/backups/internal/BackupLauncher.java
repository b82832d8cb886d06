package io.opsdeck.backups.internal;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.opsdeck.backups.BackupLayout;
import io.opsdeck.backups.BackupSource;
import io.opsdeck.backups.BackupSourceSettings;
import io.opsdeck.backups.BackupTransfer;
import io.opsdeck.execution.AnsibleRunRequest;
import io.opsdeck.execution.Runs;
import io.opsdeck.identity.Actor;
import io.opsdeck.shared.ConflictException;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Service;

/**
 * "Back up now": an exclusive Ansible run of {@code backup.yml} (label {@code Backup}) on the environment's backup
 * server, with presigned PUT URLs as secret extra vars, so the server uploads without storage credentials
 * (docs/design/drills-contract.md). The server, database and media come from the first {@link BackupSource} bean
 * that knows the environment (the drills module's settings). Only one drill, backup or update runs per environment at a time: the run
 * engine refuses a second with a conflict naming the running one.
 */
@Service
public class BackupLauncher implements io.opsdeck.backups.BackupRuns {

	/** The label of backup runs, shown in run lists and in conflicts. */
	public static final String LABEL = "Backup";

	private final BackupService backups;

	private final ObjectProvider<BackupSource> sources;

	private final Runs runs;

	private final BackupsProperties properties;

	BackupLauncher(BackupService backups, ObjectProvider<BackupSource> sources, Runs runs,
			BackupsProperties properties) {
		this.backups = backups;
		this.sources = sources;
		this.runs = runs;
		this.properties = properties;
	}

	/**
	 * @param environment environment name
	 * @param actor who asked
	 * @return the run and the new backup's timestamp
	 * @throws io.opsdeck.shared.NotFoundException when the environment does not exist
	 * @throws ConflictException when storage or drill settings are missing, or a drill, backup or update is queued
	 * or running on the environment
	 * @throws io.opsdeck.shared.InvalidInputException when the run engine refuses the request (e.g. the playbook
	 * is missing, the environment has no servers)
	 */
	public Launched launch(String environment, Actor actor) {
		StorageSettings settings = backups.settings(environment);
		BackupSourceSettings from = sources.orderedStream()
			.map(source -> source.find(environment))
			.flatMap(java.util.Optional::stream)
			.findFirst()
			.orElse(null);
		if (from == null) {
			throw new ConflictException("environment '" + environment + "' has no drill settings: configure drill "
					+ "settings first (PUT /api/v1/environments/" + environment
					+ "/drill-settings): they say which server, database and media to back up");
		}
		String timestamp = BackupLayout.timestamp(Instant.now());
		BackupTransfer urls = backups.presignUpload(environment, timestamp, properties.uploadUrlValidity());
		Map<String, Object> vars = new LinkedHashMap<>(from.extraVars());
		vars.put("backup_timestamp", timestamp);
		vars.put("environment_name", environment);
		// a work directory of its own: two backups on one server (two environments sharing it) must not collide
		vars.put("backup_work_dir", "/var/tmp/opsdeck-backup-" + timestamp + "-"
				+ java.util.UUID.randomUUID().toString().substring(0, 8));
		Map<String, String> secrets = new LinkedHashMap<>();
		secrets.put("backup_db_put_url", urls.database().toString());
		secrets.put("backup_manifest_put_url", urls.manifest().toString());
		if (from.media() && urls.media() != null) {
			secrets.put("backup_media_put_url", urls.media().toString());
		}
		else {
			vars.put("backup_media_put_url", "");
		}
		AnsibleRunRequest request = new AnsibleRunRequest(properties.playbook(), environment, vars, secrets, List.of(),
				from.server(), false, null, null, true, LABEL);
		UUID runId = runs.launch(request, actor);
		return new Launched(runId, timestamp, urls.folderKey(), settings.bucket());
	}

	@Override
	public UUID start(String environment, Actor actor) {
		return launch(environment, actor).runId();
	}

	/**
	 * @param runId the backup run
	 * @param timestamp the new backup's timestamp
	 * @param folderKey where it will be, {@code <prefix>/<timestamp>/}
	 * @param bucket the bucket
	 */
	public record Launched(UUID runId, String timestamp, String folderKey, String bucket) {
	}

}
