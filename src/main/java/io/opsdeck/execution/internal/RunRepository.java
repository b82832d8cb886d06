package io.opsdeck.execution.internal;

import java.util.UUID;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.JpaSpecificationExecutor;
import org.springframework.data.jpa.repository.Query;

/**
 * Reads and creates runs. State changes go through {@link RunTransitions}.
 */
public interface RunRepository extends JpaRepository<Run, UUID>, JpaSpecificationExecutor<Run> {

	/** @return the exclusive run queued or running on an environment, if any */
	@Query("select r from Run r where r.environment = :environment and r.exclusive = true"
			+ " and r.status in (io.opsdeck.execution.RunStatus.QUEUED, io.opsdeck.execution.RunStatus.RUNNING)")
	java.util.Optional<Run> findActiveExclusive(String environment);

}
