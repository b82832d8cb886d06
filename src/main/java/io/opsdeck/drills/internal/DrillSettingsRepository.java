package io.opsdeck.drills.internal;

import java.util.UUID;

import org.springframework.data.jpa.repository.JpaRepository;

/** Drill settings by environment id. */
interface DrillSettingsRepository extends JpaRepository<DrillSettings, UUID> {

}
