package io.opsdeck.maintenance.internal;

import java.util.List;
import java.util.UUID;

import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

interface MaintenanceTickRepository extends JpaRepository<MaintenanceTick, UUID> {

	/** @return the latest tick of every item and environment (and of every team-wide item) */
	@Query(value = "select distinct on (item, environment_id) * from maintenance_ticks "
			+ "order by item, environment_id, done_at desc", nativeQuery = true)
	List<MaintenanceTick> findLatest();

	List<MaintenanceTick> findByItemAndEnvironmentIdOrderByDoneAtDesc(String item, UUID environmentId,
			Pageable page);

	List<MaintenanceTick> findByItemAndEnvironmentIdIsNullOrderByDoneAtDesc(String item, Pageable page);

}
