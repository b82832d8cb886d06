package io.opsdeck.execution.internal;

import java.util.UUID;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.JpaSpecificationExecutor;

/**
 * Reads and creates runs. State changes go through {@link RunTransitions}.
 */
public interface RunRepository extends JpaRepository<Run, UUID>, JpaSpecificationExecutor<Run> {

}
