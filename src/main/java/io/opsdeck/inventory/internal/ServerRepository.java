package io.opsdeck.inventory.internal;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

import io.opsdeck.inventory.HostKeyPolicy;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.EntityGraph;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.JpaSpecificationExecutor;
import org.springframework.data.jpa.repository.Query;
import org.springframework.transaction.annotation.Transactional;

interface ServerRepository extends JpaRepository<ServerEntity, UUID>, JpaSpecificationExecutor<ServerEntity> {

	@Override
	@EntityGraph(attributePaths = "environment")
	Page<ServerEntity> findAll(Pageable pageable);

	@EntityGraph(attributePaths = "environment")
	Page<ServerEntity> findByEnvironment(EnvironmentEntity environment, Pageable pageable);

	@EntityGraph(attributePaths = "environment")
	List<ServerEntity> findByEnvironmentOrderByNameAsc(EnvironmentEntity environment);

	@EntityGraph(attributePaths = "environment")
	List<ServerEntity> findByIdIn(Collection<UUID> ids);

	@Query("select s from ServerEntity s join fetch s.environment e order by e.name, s.name")
	List<ServerEntity> findAllOrderedByEnvironmentAndName();

	boolean existsByName(String name);

	boolean existsByNameAndIdNot(String name, UUID id);

	long countByEnvironment(EnvironmentEntity environment);

	long countByCredentialId(UUID credentialId);

	@Query("select s.environment.id as environmentId, count(s) as servers from ServerEntity s group by s.environment.id")
	List<EnvironmentCount> countPerEnvironment();

	/**
	 * Records a host key when the server may trust it: its stored fingerprint is the key's, or it has none and
	 * trusts on first use. The condition is part of the UPDATE, so concurrent connections cannot both "first" trust
	 * different keys. Skips rows that already hold this key, so repeated runs do not bump the version.
	 * @return rows changed, 0 or 1
	 */
	@Transactional
	@Modifying(clearAutomatically = true, flushAutomatically = true)
	@Query("""
			update ServerEntity s
			   set s.hostKeyFingerprint = :fingerprint, s.hostKey = :hostKey, s.updatedAt = :now,
			       s.version = s.version + 1
			 where s.id = :id
			   and (s.hostKeyFingerprint = :fingerprint or (s.hostKeyFingerprint is null and s.hostKeyPolicy = :tofu))
			   and (s.hostKey is null or s.hostKey <> :hostKey)""")
	int trustHostKey(UUID id, String fingerprint, String hostKey, HostKeyPolicy tofu, Instant now);

	/** Deletes at once, so a foreign key violation surfaces in the caller. */
	@Transactional
	@Modifying
	@Query("delete from ServerEntity s where s.id = :id")
	int deleteNow(UUID id);

	/** Server count of one environment. */
	interface EnvironmentCount {

		UUID getEnvironmentId();

		long getServers();

	}

}
