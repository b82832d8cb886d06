package io.opsdeck.drills.internal;

import java.time.Instant;
import java.util.UUID;

import io.opsdeck.drills.DrillStatus;
import io.opsdeck.drills.DrillType;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import org.jspecify.annotations.Nullable;

/**
 * One drill (table {@code drills}): what was restored from which backup, by which run, and, once it ended, its
 * results as JSON ({@link DrillResults}).
 */
@Entity
@Table(name = "drills")
public class Drill {

	@Id
	private UUID id;

	private String environment;

	@Enumerated(EnumType.STRING)
	private DrillType type;

	@Enumerated(EnumType.STRING)
	private DrillStatus status;

	@Column(name = "run_id")
	private UUID runId;

	@Column(name = "backup_timestamp")
	private String backupTimestamp;

	@Column(name = "backup_key")
	private String backupKey;

	@Column(name = "backup_size")
	private long backupSize;

	@Column(name = "backup_sha256")
	private @Nullable String backupSha256;

	@Column(name = "backup_taken_at")
	private Instant backupTakenAt;

	@Column(name = "manifest_present")
	private boolean manifestPresent;

	@Column(name = "rpo_seconds")
	private long rpoSeconds;

	@Column(name = "rto_target_seconds")
	private int rtoTargetSeconds;

	private @Nullable String compliance;

	@Column(name = "duration_seconds")
	private @Nullable Double durationSeconds;

	private @Nullable String results;

	@Column(name = "triggered_by")
	private String triggeredBy;

	@Column(name = "created_at")
	private Instant createdAt;

	@Column(name = "finished_at")
	private @Nullable Instant finishedAt;

	@Version
	private long version;

	protected Drill() {
	}

	Drill(String environment, DrillType type, UUID runId, BackupChoice backup, int rtoTargetSeconds,
			String triggeredBy) {
		this.id = UUID.randomUUID();
		this.environment = environment;
		this.type = type;
		this.status = DrillStatus.QUEUED;
		this.runId = runId;
		this.backupTimestamp = backup.timestamp();
		this.backupKey = backup.key();
		this.backupSize = backup.sizeBytes();
		this.backupSha256 = backup.sha256();
		this.backupTakenAt = backup.takenAt();
		this.manifestPresent = backup.manifestPresent();
		this.createdAt = Instant.now();
		this.rpoSeconds = Math.max(0, createdAt.getEpochSecond() - backup.takenAt().getEpochSecond());
		this.rtoTargetSeconds = rtoTargetSeconds;
		this.triggeredBy = triggeredBy;
	}

	/** Records the end of the drill. */
	void finish(DrillResults outcome, String resultsJson, Instant at) {
		this.status = outcome.status();
		this.compliance = outcome.compliance();
		this.durationSeconds = outcome.durationSeconds();
		this.results = resultsJson;
		this.finishedAt = at;
	}

	/**
	 * The backup a drill restores.
	 *
	 * @param timestamp backup timestamp
	 * @param key key of its folder in the bucket
	 * @param sizeBytes dump plus media, bytes
	 * @param sha256 checksum of the dump from the manifest, or {@code null}
	 * @param takenAt when it was taken
	 * @param manifestPresent whether it has a manifest
	 */
	record BackupChoice(String timestamp, String key, long sizeBytes, @Nullable String sha256, Instant takenAt,
			boolean manifestPresent) {
	}

	public UUID getId() {
		return id;
	}

	public String getEnvironment() {
		return environment;
	}

	public DrillType getType() {
		return type;
	}

	public DrillStatus getStatus() {
		return status;
	}

	public UUID getRunId() {
		return runId;
	}

	public String getBackupTimestamp() {
		return backupTimestamp;
	}

	public String getBackupKey() {
		return backupKey;
	}

	public long getBackupSize() {
		return backupSize;
	}

	public @Nullable String getBackupSha256() {
		return backupSha256;
	}

	public Instant getBackupTakenAt() {
		return backupTakenAt;
	}

	public boolean isManifestPresent() {
		return manifestPresent;
	}

	public long getRpoSeconds() {
		return rpoSeconds;
	}

	public int getRtoTargetSeconds() {
		return rtoTargetSeconds;
	}

	public @Nullable String getCompliance() {
		return compliance;
	}

	public @Nullable Double getDurationSeconds() {
		return durationSeconds;
	}

	public @Nullable String getResults() {
		return results;
	}

	public String getTriggeredBy() {
		return triggeredBy;
	}

	public Instant getCreatedAt() {
		return createdAt;
	}

	public @Nullable Instant getFinishedAt() {
		return finishedAt;
	}

}
