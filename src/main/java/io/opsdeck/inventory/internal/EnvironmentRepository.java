package io.opsdeck.inventory.internal;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.transaction.annotation.Transactional;

interface EnvironmentRepository extends JpaRepository<EnvironmentEntity, UUID> {

	Optional<EnvironmentEntity> findByName(String name);

	boolean existsByName(String name);

	List<EnvironmentEntity> findAllByOrderByNameAsc();

	Page<EnvironmentEntity> findByNameIn(Collection<String> names, Pageable pageable);

	/** Deletes at once, so a foreign key violation (servers remain) surfaces in the caller. */
	@Transactional
	@Modifying
	@Query("delete from EnvironmentEntity e where e.id = :id")
	int deleteNow(UUID id);

}
