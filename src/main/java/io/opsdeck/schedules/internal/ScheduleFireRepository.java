package io.opsdeck.schedules.internal;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

interface ScheduleFireRepository extends JpaRepository<ScheduleFire, UUID> {

	Optional<ScheduleFire> findFirstByScheduleIdOrderByFiredAtDesc(UUID scheduleId);

	Page<ScheduleFire> findByScheduleIdOrderByFiredAtDesc(UUID scheduleId, Pageable pageable);

	Optional<ScheduleFire> findByScheduleIdAndScheduledFor(UUID scheduleId, Instant scheduledFor);

	List<ScheduleFire> findByOutcomeAndFiredAtBefore(ScheduleFire.Outcome outcome, Instant before);

	long countByScheduleId(UUID scheduleId);

	Optional<ScheduleFire> findFirstByRunId(UUID runId);

	/**
	 * Each schedule's last fire by the scheduler (manual triggers left out): rows of schedule id, the greatest
	 * {@code fired_at} and the greatest {@code scheduled_for}.
	 */
	@Query("select f.scheduleId, max(f.firedAt), max(f.scheduledFor) from ScheduleFire f where f.manual = false"
			+ " group by f.scheduleId")
	List<Object[]> lastScheduledFires();

}
