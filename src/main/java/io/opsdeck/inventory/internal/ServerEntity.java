package io.opsdeck.inventory.internal;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

import io.opsdeck.inventory.Connection;
import io.opsdeck.inventory.HostKeyPolicy;
import io.opsdeck.inventory.ServerTarget;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;
import org.jspecify.annotations.Nullable;

/**
 * A row of {@code servers}. Invariant: {@code hostKey}, when set, is the key whose fingerprint is
 * {@code hostKeyFingerprint} (a changed or cleared fingerprint drops it).
 */
@Entity
@Table(name = "servers")
class ServerEntity {

	@Id
	private UUID id;

	private String name;

	private String host;

	private int port;

	private String username;

	@ManyToOne(fetch = FetchType.LAZY, optional = false)
	@JoinColumn(name = "environment_id")
	private EnvironmentEntity environment;

	private @Nullable UUID credentialId;

	private Connection connection;

	private HostKeyPolicy hostKeyPolicy;

	private @Nullable String hostKeyFingerprint;

	private @Nullable String hostKey;

	@JdbcTypeCode(SqlTypes.ARRAY)
	private String[] roles;

	private @Nullable String cloudInstanceId;

	private Instant createdAt;

	private Instant updatedAt;

	@Version
	private Long version;

	protected ServerEntity() {
	}

	ServerEntity(ServerSpec spec, EnvironmentEntity environment, Instant now) {
		this.id = UUID.randomUUID();
		this.createdAt = now;
		apply(spec, environment, now);
	}

	/**
	 * Copies the spec. The stored host key survives a change of host or port (it identifies the machine, not its
	 * address) and is dropped only when the fingerprint changes or is cleared.
	 */
	void apply(ServerSpec spec, EnvironmentEntity environment, Instant now) {
		this.name = spec.name();
		this.host = spec.host();
		this.port = spec.port();
		this.username = spec.username();
		this.environment = environment;
		this.credentialId = spec.credentialId();
		this.connection = spec.connection();
		this.hostKeyPolicy = spec.hostKeyPolicy();
		if (!Objects.equals(this.hostKeyFingerprint, spec.hostKeyFingerprint())) {
			this.hostKey = null;
		}
		this.hostKeyFingerprint = spec.hostKeyFingerprint();
		this.roles = spec.roles().toArray(String[]::new);
		this.cloudInstanceId = spec.cloudInstanceId();
		this.updatedAt = now;
	}

	/**
	 * Trusts a host key (accepted or entered by an admin): {@code hostKey} is {@code null} when only the fingerprint
	 * is known, the full key then being recorded by the next connection that sees it.
	 */
	void trustHostKey(String fingerprint, @Nullable String hostKey, Instant now) {
		this.hostKeyFingerprint = fingerprint;
		this.hostKey = hostKey;
		this.updatedAt = now;
	}

	/** Forgets the trusted host key: strict servers then refuse every key, trust-on-first-use ones learn the next. */
	void clearHostKey(Instant now) {
		this.hostKeyFingerprint = null;
		this.hostKey = null;
		this.updatedAt = now;
	}

	UUID id() {
		return this.id;
	}

	String name() {
		return this.name;
	}

	EnvironmentEntity environment() {
		return this.environment;
	}

	ServerTarget toTarget() {
		return new ServerTarget(this.id, this.name, this.host, this.port, this.username, this.connection,
				this.credentialId, this.hostKeyPolicy, this.hostKeyFingerprint, this.hostKey, this.environment.name(),
				List.of(this.roles), this.cloudInstanceId);
	}

	ServerDetails toDetails() {
		return new ServerDetails(this.id, this.name, this.host, this.port, this.username, this.environment.name(),
				this.credentialId, this.connection, this.hostKeyPolicy, this.hostKeyFingerprint, this.hostKey,
				List.of(this.roles), this.createdAt, this.updatedAt, this.cloudInstanceId, version());
	}

	/** @return its {@code @Version}, 0 before it is first stored */
	long version() {
		return (this.version != null) ? this.version : 0;
	}

}
