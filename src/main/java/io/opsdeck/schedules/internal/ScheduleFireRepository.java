package io.opsdeck.schedules.internal;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;

interface ScheduleFireRepository extends JpaRepository<ScheduleFire, UUID> {

	Optional<ScheduleFire> findFirstByScheduleIdOrderByFiredAtDesc(UUID scheduleId);

	Page<ScheduleFire> findByScheduleIdOrderByFiredAtDesc(UUID scheduleId, Pageable pageable);

	Optional<ScheduleFire> findByScheduleIdAndScheduledFor(UUID scheduleId, Instant scheduledFor);

	List<ScheduleFire> findByOutcomeAndFiredAtBefore(ScheduleFire.Outcome outcome, Instant before);

	long countByScheduleId(UUID scheduleId);

}
