package io.opsdeck.backups.internal;

import java.util.UUID;

import org.springframework.data.jpa.repository.JpaRepository;

/** Storage settings by environment id. */
interface BackupStorageRepository extends JpaRepository<BackupStorageEntity, UUID> {

}
