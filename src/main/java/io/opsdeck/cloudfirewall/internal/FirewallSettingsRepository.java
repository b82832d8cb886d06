package io.opsdeck.cloudfirewall.internal;

import java.util.UUID;

import org.springframework.data.jpa.repository.JpaRepository;

interface FirewallSettingsRepository extends JpaRepository<FirewallSettingsEntity, UUID> {

}
