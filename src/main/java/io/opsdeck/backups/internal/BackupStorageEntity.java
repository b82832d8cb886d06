package io.opsdeck.backups.internal;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import org.jspecify.annotations.Nullable;

/**
 * One environment's object storage (table {@code backup_storage}, V7). The secret access key is stored sealed with
 * the master key under the context {@code backup-storage:<environment id>}.
 */
@Entity
@Table(name = "backup_storage")
class BackupStorageEntity {

	@Id
	@Column(name = "environment_id")
	private UUID environmentId;

	private String provider;

	private @Nullable String endpoint;

	private String region;

	private String bucket;

	private String prefix;

	@Column(name = "path_style")
	private boolean pathStyle;

	@Column(name = "access_key_id")
	private String accessKeyId;

	@Column(name = "secret_access_key_sealed")
	private byte[] secretAccessKeySealed;

	@Column(name = "created_at")
	private Instant createdAt;

	@Column(name = "updated_at")
	private Instant updatedAt;

	@Version
	private long version;

	protected BackupStorageEntity() {
	}

	BackupStorageEntity(UUID environmentId) {
		this.environmentId = environmentId;
		this.createdAt = Instant.now();
	}

	void update(StorageProvider provider, @Nullable String endpoint, String region, String bucket, String prefix,
			boolean pathStyle, String accessKeyId) {
		this.provider = provider.id();
		this.endpoint = endpoint;
		this.region = region;
		this.bucket = bucket;
		this.prefix = prefix;
		this.pathStyle = pathStyle;
		this.accessKeyId = accessKeyId;
		this.updatedAt = Instant.now();
	}

	void sealedSecret(byte[] sealed) {
		this.secretAccessKeySealed = sealed;
	}

	/** @return the sealing context of this row's secret */
	static String sealingContext(UUID environmentId) {
		return "backup-storage:" + environmentId;
	}

	UUID getEnvironmentId() {
		return environmentId;
	}

	StorageProvider getProvider() {
		return StorageProvider.of(provider).orElseThrow();
	}

	@Nullable String getEndpoint() {
		return endpoint;
	}

	String getRegion() {
		return region;
	}

	String getBucket() {
		return bucket;
	}

	String getPrefix() {
		return prefix;
	}

	boolean isPathStyle() {
		return pathStyle;
	}

	String getAccessKeyId() {
		return accessKeyId;
	}

	byte @Nullable [] getSecretAccessKeySealed() {
		return secretAccessKeySealed;
	}

	Instant getCreatedAt() {
		return createdAt;
	}

	Instant getUpdatedAt() {
		return updatedAt;
	}

	long getVersion() {
		return version;
	}

}
