package io.opsdeck.identity.internal;

import java.time.Instant;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import io.opsdeck.identity.Role;
import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import org.jspecify.annotations.Nullable;

/**
 * An API token; row of {@code api_tokens}. Holds the SHA-256 of the value, never the value. {@code lastUsedAt} and
 * {@code revokedAt} are written with targeted updates in {@link ApiTokenRepository}.
 */
@Entity
@Table(name = "api_tokens")
class ApiToken {

	@Id
	private UUID id;

	@Column(nullable = false)
	private String name;

	@Column(name = "token_hash", nullable = false, unique = true)
	private String tokenHash;

	@Column(name = "token_prefix", nullable = false)
	private String tokenPrefix;

	@Enumerated(EnumType.STRING)
	@Column(nullable = false)
	private Role role;

	@Column(nullable = false)
	private String owner;

	@Column(name = "created_at", nullable = false)
	private Instant createdAt;

	@Column(name = "expires_at")
	private @Nullable Instant expiresAt;

	@Column(name = "last_used_at")
	private @Nullable Instant lastUsedAt;

	@Column(name = "revoked_at")
	private @Nullable Instant revokedAt;

	/** The environments the token is limited to ({@code api_token_environments}); empty for every environment. */
	@ElementCollection(fetch = FetchType.EAGER)
	@CollectionTable(name = "api_token_environments", joinColumns = @JoinColumn(name = "token_id"))
	@Column(name = "environment", nullable = false)
	private Set<String> environments = new TreeSet<>();

	@Version
	private Long version;

	protected ApiToken() {
	}

	ApiToken(String name, String tokenValue, Role role, String owner, Instant createdAt,
			@Nullable Instant expiresAt, Set<String> environments) {
		this.environments = new TreeSet<>(environments);
		this.id = UUID.randomUUID();
		this.name = name;
		this.tokenHash = TokenValues.hash(tokenValue);
		this.tokenPrefix = TokenValues.prefix(tokenValue);
		this.role = role;
		this.owner = owner;
		this.createdAt = createdAt;
		this.expiresAt = expiresAt;
	}

	/** @return whether the token may authenticate at {@code now}: not revoked and not expired */
	boolean isUsableAt(Instant now) {
		return revokedAt == null && (expiresAt == null || now.isBefore(expiresAt));
	}

	/** @return whether {@code lastUsedAt} is unset or before {@code threshold} */
	boolean lastUseOlderThan(Instant threshold) {
		return lastUsedAt == null || lastUsedAt.isBefore(threshold);
	}

	TokenSummary summary(Instant now) {
		return new TokenSummary(id, name, tokenPrefix, role, owner, createdAt, expiresAt, lastUsedAt, revokedAt,
				TokenStatus.at(now, expiresAt, revokedAt), scope());
	}

	UUID id() {
		return id;
	}

	String name() {
		return name;
	}

	Role role() {
		return role;
	}

	String owner() {
		return owner;
	}

	@Nullable Instant expiresAt() {
		return expiresAt;
	}

	/** @return the environments the token is limited to, sorted, or {@code null} for every environment */
	@Nullable Set<String> scope() {
		return environments.isEmpty() ? null : Set.copyOf(new TreeSet<>(environments));
	}

}
