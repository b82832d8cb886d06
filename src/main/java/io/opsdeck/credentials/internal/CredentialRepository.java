package io.opsdeck.credentials.internal;

import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.transaction.annotation.Transactional;

interface CredentialRepository extends JpaRepository<CredentialEntity, UUID> {

	boolean existsByName(String name);

	List<CredentialEntity> findAllByOrderByNameAsc();

	@Query("select distinct c.keyId from CredentialEntity c")
	Set<String> findKeyIds();

	/**
	 * Deletes at once, so that a foreign key violation (a server still uses the credential) surfaces here as a
	 * {@link org.springframework.dao.DataIntegrityViolationException}.
	 */
	@Transactional
	@Modifying
	@Query("delete from CredentialEntity c where c.id = :id")
	int deleteNow(UUID id);

}
