package io.opsdeck.drills.internal;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.opsdeck.drills.DrillStatus;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

/** The drill history. */
interface DrillRepository extends JpaRepository<Drill, UUID> {

	Optional<Drill> findByRunId(UUID runId);

	Page<Drill> findByEnvironmentOrderByCreatedAtDesc(String environment, Pageable pageable);

	Page<Drill> findAllByOrderByCreatedAtDesc(Pageable pageable);

	Page<Drill> findByEnvironmentInOrderByCreatedAtDesc(Collection<String> environments, Pageable pageable);

	List<Drill> findByStatusIn(Collection<DrillStatus> statuses);

	@Query("select max(d.finishedAt) from Drill d where d.environment = :environment"
			+ " and d.status in (io.opsdeck.drills.DrillStatus.SUCCEEDED, io.opsdeck.drills.DrillStatus.PARTIALLY_FAILED)"
			+ " and d.type <> io.opsdeck.drills.DrillType.VALIDATION_ONLY")
	Optional<Instant> lastSuccess(String environment);

	/** The measured duration (seconds) of each environment's last judged drill that was timed. */
	@Query("select d.environment, d.durationSeconds from Drill d where d.durationSeconds is not null"
			+ " and d.finishedAt = (select max(o.finishedAt) from Drill o where o.environment = d.environment"
			+ " and o.durationSeconds is not null)")
	List<Object[]> lastDurations();

}
