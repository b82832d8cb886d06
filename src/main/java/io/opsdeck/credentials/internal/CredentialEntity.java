package io.opsdeck.credentials.internal;

import java.time.Instant;
import java.util.UUID;

import io.opsdeck.credentials.CredentialSummary;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Transient;
import org.jspecify.annotations.Nullable;

import org.springframework.data.domain.Persistable;

/** A row of {@code credentials}. Immutable once stored: a changed key is a new credential. */
@Entity
@Table(name = "credentials")
class CredentialEntity implements Persistable<UUID> {

	@Id
	private UUID id;

	private String name;

	private String type;

	private @Nullable String keyType;

	private @Nullable String fingerprint;

	private @Nullable String publicKey;

	private boolean encrypted;

	private byte[] secret;

	private byte @Nullable [] passphraseSecret;

	private String keyId;

	private Instant createdAt;

	private String createdBy;

	@Transient
	private boolean isNew;

	protected CredentialEntity() {
	}

	CredentialEntity(UUID id, String name, ParsedKey key, byte[] secret, byte @Nullable [] passphraseSecret,
			String keyId, Instant createdAt, String createdBy) {
		this.id = id;
		this.name = name;
		this.type = CredentialSummary.SSH_KEY;
		this.keyType = key.keyType();
		this.fingerprint = key.fingerprint();
		this.publicKey = key.publicKey();
		this.encrypted = key.encrypted();
		this.secret = secret;
		this.passphraseSecret = passphraseSecret;
		this.keyId = keyId;
		this.createdAt = createdAt;
		this.createdBy = createdBy;
		this.isNew = true;
	}

	/** A credential of type {@code secret}: only the sealed value. */
	CredentialEntity(UUID id, String name, byte[] secret, String keyId, Instant createdAt, String createdBy) {
		this.id = id;
		this.name = name;
		this.type = CredentialSummary.SECRET;
		this.encrypted = false;
		this.secret = secret;
		this.keyId = keyId;
		this.createdAt = createdAt;
		this.createdBy = createdBy;
		this.isNew = true;
	}

	@Override
	public UUID getId() {
		return this.id;
	}

	@Override
	public boolean isNew() {
		return this.isNew;
	}

	String name() {
		return this.name;
	}

	String type() {
		return this.type;
	}

	byte[] secret() {
		return this.secret;
	}

	byte @Nullable [] passphraseSecret() {
		return this.passphraseSecret;
	}

	String keyId() {
		return this.keyId;
	}

	String createdBy() {
		return this.createdBy;
	}

	CredentialSummary toSummary() {
		return new CredentialSummary(this.id, this.name, this.type, this.keyType, this.fingerprint, this.publicKey,
				this.encrypted, this.createdAt);
	}

}
