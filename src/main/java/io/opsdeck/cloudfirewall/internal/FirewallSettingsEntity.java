package io.opsdeck.cloudfirewall.internal;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import org.jspecify.annotations.Nullable;

/**
 * One environment's cloud firewall settings (table {@code cloud_firewall_settings}, V13). Holds a reference to the
 * {@code secret} credential, never the secret itself.
 */
@Entity
@Table(name = "cloud_firewall_settings")
class FirewallSettingsEntity {

	@Id
	@Column(name = "environment_id")
	private UUID environmentId;

	@Column(name = "group_name")
	private String groupName;

	@Column(name = "access_key_id")
	private @Nullable String accessKeyId;

	@Column(name = "credential_id")
	private UUID credentialId;

	private @Nullable String endpoint;

	@Column(name = "created_at")
	private Instant createdAt;

	@Column(name = "updated_at")
	private Instant updatedAt;

	@Version
	private long version;

	protected FirewallSettingsEntity() {
	}

	FirewallSettingsEntity(UUID environmentId) {
		this.environmentId = environmentId;
		this.createdAt = Instant.now();
	}

	void update(String groupName, @Nullable String accessKeyId, UUID credentialId, @Nullable String endpoint) {
		this.groupName = groupName;
		this.accessKeyId = accessKeyId;
		this.credentialId = credentialId;
		this.endpoint = endpoint;
		this.updatedAt = Instant.now();
	}

	UUID environmentId() {
		return this.environmentId;
	}

	String groupName() {
		return this.groupName;
	}

	@Nullable String accessKeyId() {
		return this.accessKeyId;
	}

	UUID credentialId() {
		return this.credentialId;
	}

	@Nullable String endpoint() {
		return this.endpoint;
	}

	Instant updatedAt() {
		return this.updatedAt;
	}

	long version() {
		return this.version;
	}

}
