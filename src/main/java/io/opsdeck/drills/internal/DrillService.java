package io.opsdeck.drills.internal;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import io.opsdeck.approvals.Approvals;
import io.opsdeck.approvals.ApprovedLaunch;
import io.opsdeck.backups.BackupLayout;
import io.opsdeck.backups.BackupSummary;
import io.opsdeck.backups.BackupTransfer;
import io.opsdeck.backups.Backups;
import io.opsdeck.drills.DrillType;
import io.opsdeck.drills.Drills;
import io.opsdeck.execution.AnsibleRunRequest;
import io.opsdeck.execution.Runs;
import io.opsdeck.identity.Actor;
import io.opsdeck.identity.EnvironmentAccess;
import io.opsdeck.identity.Role;
import io.opsdeck.shared.ConflictException;
import io.opsdeck.shared.InvalidInputException;
import io.opsdeck.shared.NotFoundException;
import io.opsdeck.shared.PageView;
import org.jspecify.annotations.Nullable;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Starts drills and reads them (seed: Disaster Recovery). A drill is an exclusive Ansible run of the drill playbook
 * against the environment's drill server, handed presigned GET URLs of one backup; its steps are read from the
 * run's output (see docs/design/drills-contract.md).
 */
@Service
public class DrillService implements Drills {

	/** The shortest run time limit of a drill, seconds. */
	static final int MIN_TIMEOUT_SECONDS = 3600;

	private final DrillRepository drills;

	private final DrillSettingsService settings;

	private final Backups backups;

	private final Runs runs;

	private final DrillRunReader reader;

	private final DrillResultsCodec codec;

	private final DrillsProperties properties;

	private final TransactionTemplate transactions;

	private final Approvals approvals;

	DrillService(DrillRepository drills, DrillSettingsService settings, Backups backups, Runs runs,
			DrillRunReader reader, DrillResultsCodec codec, DrillsProperties properties,
			TransactionTemplate transactions, Approvals approvals) {
		this.approvals = approvals;
		this.drills = drills;
		this.settings = settings;
		this.backups = backups;
		this.runs = runs;
		this.reader = reader;
		this.codec = codec;
		this.properties = properties;
		this.transactions = transactions;
	}

	/**
	 * Starts a drill: picks the backup (the newest when no timestamp is given), presigns its objects for the run's
	 * lifetime and queues the run.
	 * @param environment environment name
	 * @param type drill type
	 * @param backupTimestamp the backup to restore ({@code YYYY-MM-DD-HHMMSS}), or {@code null} for the newest
	 * @param actor who asked (needs OPERATOR)
	 * @return the new drill, {@code QUEUED}
	 * @throws io.opsdeck.approvals.ApprovalPendingException when the environment requires approvals and the actor
	 * is a person: the drill waits for a second admin (docs/approvals.md)
	 * @throws NotFoundException when the environment does not exist
	 * @throws InvalidInputException (field {@code backupTimestamp}) when that backup does not exist
	 * @throws ConflictException when the environment has no drill settings, no server, no backup storage or no
	 * backup, when the backup's manifest exists but cannot be used, or when another drill, backup or exclusive run is
	 * queued or running on it (the message names it)
	 * @throws io.opsdeck.backups.BackupStorageException when the storage cannot be read
	 */
	public DrillDetails start(String environment, DrillType type, @Nullable String backupTimestamp, Actor actor) {
		EnvironmentAccess.require(actor, Role.OPERATOR, environment);
		return start(environment, type, backupTimestamp, actor, null);
	}

	/**
	 * {@link #start(String, DrillType, String, Actor)}, or the launch of an approved request (no gate; the approver
	 * in the run's label).
	 */
	DrillDetails start(String environment, DrillType type, @Nullable String backupTimestamp, Actor actor,
			@Nullable ApprovedLaunch approved) {
		DrillSettingsDetails found = settings.find(environment)
			.orElseThrow(() -> new ConflictException("environment '" + environment
					+ "' has no drill settings: save them first (PUT /api/v1/environments/" + environment
					+ "/drill-settings)"));
		if (found.serverName() == null) {
			throw new ConflictException("the drill server of environment '" + environment
					+ "' no longer exists: choose another one in the drill settings");
		}
		if (!backups.configured(environment)) {
			throw new ConflictException("environment '" + environment
					+ "' has no backup storage: configure it first (PUT /api/v1/environments/" + environment
					+ "/backup-storage)");
		}
		BackupSummary backup = chooseBackup(environment, backupTimestamp);
		rejectUnusableManifest(environment, backup);
		if (approved == null) {
			// the payload names the backup as asked (none: the newest when approved); the URLs are presigned then
			Map<String, Object> payload = new LinkedHashMap<>();
			payload.put("type", type.value());
			payload.put("backupTimestamp", backupTimestamp);
			approvals.gate(Approvals.DRILL, environment, actor, payload, "DR drill (" + type.value() + ") of "
					+ environment + " from " + ((backupTimestamp != null) ? "backup " + backupTimestamp
							: "the newest backup (now " + backup.timestamp() + ")"));
		}
		DrillSettingsValues values = found.values();
		int timeout = Math.max(MIN_TIMEOUT_SECONDS, 3 * values.rtoTargetSeconds());
		// valid for the queue time and the whole run; S3 allows at most 7 days
		Duration validity = Duration.ofSeconds(Math.min(7 * 86400L, timeout + 3600L));
		BackupTransfer transfer = backups.presignDownload(environment, backup.timestamp(), validity);
		AnsibleRunRequest request = runRequest(environment, type, found, backup, transfer, timeout, approved);
		return transactions.execute(status -> {
			UUID runId = runs.launch(request, actor);
			Drill drill = drills.save(new Drill(environment, type, runId, choice(backup),
					values.rtoTargetSeconds(), actor.display()));
			return details(drill, null);
		});
	}

	@Override
	public Started start(String environment, DrillType type, Actor actor) {
		DrillDetails drill = start(environment, type, null, actor);
		return new Started(drill.id(), drill.runId());
	}

	/**
	 * @param id drill id
	 * @return the drill with its results (live while it runs)
	 * @throws NotFoundException when it does not exist
	 */
	@Transactional(readOnly = true)
	public DrillDetails get(UUID id) {
		Drill drill = drills.findById(id).orElseThrow(() -> new NotFoundException("drill", id));
		return details(drill, null);
	}

	/**
	 * @param environment only this environment's drills, or {@code null} for all
	 * @param page page number from 0
	 * @param size page size
	 * @return drills, newest first
	 */
	@Transactional(readOnly = true)
	public PageView<DrillDetails> list(@Nullable String environment, int page, int size) {
		return list(environment, null, page, size);
	}

	/**
	 * @param environment only this environment's drills, or {@code null} for all
	 * @param scope the only environment names to list (a scoped API token's, {@code EnvironmentAccess.listScope}),
	 * or {@code null} for every environment; filtered in the query, so totals count only those
	 * @param page page number from 0
	 * @param size page size
	 * @return drills, newest first
	 */
	@Transactional(readOnly = true)
	public PageView<DrillDetails> list(@Nullable String environment, @Nullable Collection<String> scope, int page,
			int size) {
		PageRequest pageable = PageRequest.of(page, size);
		Page<Drill> found = (environment != null) ? drills.findByEnvironmentOrderByCreatedAtDesc(environment, pageable)
				: (scope != null) ? drills.findByEnvironmentInOrderByCreatedAtDesc(scope, pageable)
						: drills.findAllByOrderByCreatedAtDesc(pageable);
		return new PageView<>(found.getContent().stream().map(drill -> details(drill, null)).toList(), page, size,
				found.getTotalElements(), found.getTotalPages());
	}

	/**
	 * @param environment environment name
	 * @param limit most drills
	 * @return the environment's finished drills, newest first
	 */
	@Transactional(readOnly = true)
	public List<DrillDetails> finished(String environment, int limit) {
		return drills.findByEnvironmentOrderByCreatedAtDesc(environment, PageRequest.of(0, limit))
			.stream()
			.filter(drill -> drill.getStatus().isFinished())
			.map(drill -> details(drill, null))
			.toList();
	}

	@Override
	@Transactional(readOnly = true)
	public Optional<Instant> lastSuccess(String environment) {
		return drills.lastSuccess(environment);
	}

	DrillDetails details(Drill drill, @Nullable DrillResults override) {
		DrillResults results = (override != null) ? override
				: (drill.getStatus().isFinished() && drill.getResults() != null) ? codec.read(drill.getResults())
						: reader.read(drill, null);
		return new DrillDetails(drill.getId(), drill.getEnvironment(), drill.getType(), drill.getRunId(),
				drill.getBackupTimestamp(), drill.getBackupKey(), drill.getBackupSize(), drill.getBackupSha256(),
				drill.getBackupTakenAt(), drill.isManifestPresent(), drill.getRpoSeconds(), drill.getRtoTargetSeconds(),
				drill.getTriggeredBy(), drill.getCreatedAt(), drill.getFinishedAt(), results);
	}

	private BackupSummary chooseBackup(String environment, @Nullable String timestamp) {
		if (timestamp != null) {
			return backups.find(environment, timestamp)
				.orElseThrow(() -> new InvalidInputException("backupTimestamp",
						"environment '" + environment + "' has no backup '" + timestamp + "'"));
		}
		List<BackupSummary> all = backups.list(environment);
		java.time.Instant now = java.time.Instant.now();
		// a folder dated in the future is never "the newest" (it can still be drilled by naming its timestamp)
		return all.stream()
			.filter(b -> b.database() != null && !b.inFuture(now))
			.findFirst()
			.orElseThrow(() -> new ConflictException(
					"environment '" + environment + "' has no backup to restore: make one first (Back up now)"));
	}

	/**
	 * A backup whose manifest exists but cannot be used is not restored as if it had none: its checksums could not
	 * be checked, and the manifest (written last) suggests the backup was damaged or tampered with.
	 */
	private static void rejectUnusableManifest(String environment, BackupSummary backup) {
		if (backup.manifestProblem() != null) {
			throw new ConflictException("backup '" + backup.timestamp() + "' of environment '" + environment
					+ "' cannot be restored: " + BackupLayout.UNUSABLE_MANIFEST + backup.manifestProblem()
					+ ". Fix or remove its manifest.json (a backup without one restores with a warning), or choose "
					+ "another backup");
		}
	}

	private AnsibleRunRequest runRequest(String environment, DrillType type, DrillSettingsDetails found,
			BackupSummary backup, BackupTransfer transfer, int timeout, @Nullable ApprovedLaunch approved) {
		Map<String, Object> vars = new LinkedHashMap<>(found.values().extraVars());
		vars.put("drill_type", type.value());
		vars.put("backup_timestamp", backup.timestamp());
		vars.put("backup_db_size", (backup.database() != null) ? backup.database().sizeBytes() : 0);
		vars.put("backup_media_size", (backup.media() != null) ? backup.media().sizeBytes() : 0);
		// a work directory of its own: drills of two environments sharing a server must not collide
		vars.put("drill_work_dir", "/var/tmp/opsdeck-drill-" + UUID.randomUUID().toString().substring(0, 12));
		// safety dumps per environment: the keep-the-newest-3 rotation must not drop another environment's dumps
		vars.put("safety_backup_dir", "/var/tmp/opsdeck-drill-safety/" + environment);
		Map<String, String> secrets = new LinkedHashMap<>();
		secrets.put("backup_db_url", transfer.database().toString());
		putUrl(vars, secrets, "backup_media_url", (backup.media() != null) ? transfer.media() : null);
		putUrl(vars, secrets, "backup_manifest_url", (backup.manifest() != null) ? transfer.manifest() : null);
		return new AnsibleRunRequest(properties.playbook(), environment, vars, secrets, List.of(), found.serverName(),
				false, null, timeout, true,
				(approved != null) ? approved.label("DR drill (" + type.value() + ")") : "DR drill (" + type.value() + ")");
	}

	/** An absent object's URL is an empty plain variable: an empty secret could not be masked, nor needs to be. */
	private static void putUrl(Map<String, Object> vars, Map<String, String> secrets, String name,
			@Nullable URI url) {
		if (url == null) {
			vars.put(name, "");
		}
		else {
			secrets.put(name, url.toString());
		}
	}

	private static Drill.BackupChoice choice(BackupSummary backup) {
		long size = ((backup.database() != null) ? backup.database().sizeBytes() : 0)
				+ ((backup.media() != null) ? backup.media().sizeBytes() : 0);
		String key = (backup.database() != null) ? backup.database().key() : backup.timestamp();
		String sha = (backup.database() != null) ? backup.database().sha256() : null;
		return new Drill.BackupChoice(backup.timestamp(), key, size, sha, backup.takenAt(), backup.manifest() != null);
	}

}
