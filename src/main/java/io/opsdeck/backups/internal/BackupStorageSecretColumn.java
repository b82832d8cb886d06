package io.opsdeck.backups.internal;

import io.opsdeck.credentials.SealedColumn;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Declares {@code backup_storage.secret_access_key_sealed}, an environment's object storage secret access key
 * (BackupStorageService), as sealed with the master key, so that a master-key rotation re-encrypts it
 * (docs/inventory-and-credentials.md, "Rotating the master key").
 */
@Configuration(proxyBeanMethods = false)
class BackupStorageSecretColumn {

	@Bean
	SealedColumn backupStorageSealedColumn() {
		return new SealedColumn("backup_storage", "environment_id", "secret_access_key_sealed", "backup-storage:",
				"environment_id");
	}

}
