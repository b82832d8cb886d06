package io.opsdeck.identity.internal;

import java.time.Instant;
import java.util.Collection;
import java.util.Optional;
import java.util.UUID;

import io.opsdeck.identity.Role;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;

interface ApiTokenRepository extends JpaRepository<ApiToken, UUID> {

	Optional<ApiToken> findByTokenHash(String tokenHash);

	/**
	 * Plain SQL on purpose: {@link IdentityBootstrap} asks it on every start with a bootstrap token, before Opsdeck is
	 * ready, where a JPQL query would be parsed by a cold ANTLR parser (issue 8, start-up).
	 */
	@Query(value = "select exists (select 1 from api_tokens where token_hash = :tokenHash)", nativeQuery = true)
	boolean existsByTokenHash(String tokenHash);

	Page<ApiToken> findByOwner(String owner, Pageable pageable);

	Page<ApiToken> findByOwnerAndRoleIn(String owner, Collection<Role> roles, Pageable pageable);

	/** Records a use unless one was recorded after {@code threshold}, so a busy token costs one write a minute. */
	@Modifying(flushAutomatically = true, clearAutomatically = true)
	@Query("update ApiToken t set t.lastUsedAt = :now where t.id = :id and (t.lastUsedAt is null or t.lastUsedAt < :threshold)")
	int touch(UUID id, Instant now, Instant threshold);

	/** @return 1 if the token was revoked now, 0 if it was already revoked */
	@Modifying(flushAutomatically = true, clearAutomatically = true)
	@Query("update ApiToken t set t.revokedAt = :now where t.id = :id and t.revokedAt is null")
	int revoke(UUID id, Instant now);

	/** Revokes every unrevoked token of a user, e.g. when the user is deleted. @return how many */
	@Modifying(flushAutomatically = true, clearAutomatically = true)
	@Query("update ApiToken t set t.revokedAt = :now where t.owner = :owner and t.revokedAt is null")
	int revokeAllOf(String owner, Instant now);

}
