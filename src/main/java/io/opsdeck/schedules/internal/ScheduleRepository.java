package io.opsdeck.schedules.internal;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.opsdeck.shared.NotFoundException;

import org.springframework.data.jpa.repository.JpaRepository;

interface ScheduleRepository extends JpaRepository<Schedule, UUID> {

	List<Schedule> findAllByOrderByNameAsc();

	List<Schedule> findByEnvironmentIdOrderByNameAsc(UUID environmentId);

	List<Schedule> findByEnvironmentIdInOrderByNameAsc(Collection<UUID> environmentIds);

	Optional<Schedule> findByName(String name);

	boolean existsByName(String name);

	/**
	 * @param id schedule id
	 * @return the schedule
	 * @throws NotFoundException when it does not exist
	 */
	default Schedule require(UUID id) {
		return findById(id).orElseThrow(() -> new NotFoundException("schedule", id));
	}

}
