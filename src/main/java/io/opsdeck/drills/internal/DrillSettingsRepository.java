package io.opsdeck.drills.internal;

import java.util.List;
import java.util.UUID;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

/** Drill settings by environment id. */
interface DrillSettingsRepository extends JpaRepository<DrillSettings, UUID> {

	/** The RTO target (seconds) in each environment's drill settings: rows of environment id and seconds. */
	@Query("select s.environmentId, s.rtoTargetSeconds from DrillSettings s")
	List<Object[]> rtoTargets();

}
