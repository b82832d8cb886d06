package io.opsdeck.identity.internal;

import java.time.Instant;
import java.util.UUID;

import io.opsdeck.identity.Role;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

/** A person who signs in to the dashboard; row of {@code users}. */
@Entity
@Table(name = "users")
class UserAccount {

	@Id
	private UUID id;

	@Column(nullable = false, unique = true)
	private String username;

	@Column(name = "password_hash", nullable = false)
	private String passwordHash;

	@Enumerated(EnumType.STRING)
	@Column(nullable = false)
	private Role role;

	@Column(nullable = false)
	private boolean enabled;

	@Column(name = "created_at", nullable = false)
	private Instant createdAt;

	@Version
	private Long version;

	protected UserAccount() {
	}

	UserAccount(String username, String passwordHash, Role role, Instant createdAt) {
		this.id = UUID.randomUUID();
		this.username = username;
		this.passwordHash = passwordHash;
		this.role = role;
		this.enabled = true;
		this.createdAt = createdAt;
	}

	UUID id() {
		return id;
	}

	String username() {
		return username;
	}

	String passwordHash() {
		return passwordHash;
	}

	Role role() {
		return role;
	}

	boolean enabled() {
		return enabled;
	}

	Instant createdAt() {
		return createdAt;
	}

	void changeRole(Role role) {
		this.role = role;
	}

	void changeEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	void changePasswordHash(String passwordHash) {
		this.passwordHash = passwordHash;
	}

}
