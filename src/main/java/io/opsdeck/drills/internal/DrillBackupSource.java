package io.opsdeck.drills.internal;

import java.util.Optional;

import io.opsdeck.backups.BackupSource;
import io.opsdeck.backups.BackupSourceSettings;

import org.springframework.stereotype.Component;

/**
 * "Back up now" takes its backup from the same server, database and media directory a drill restores: the drill
 * settings (docs/drills.md) are the one place an environment's data is described.
 */
@Component
class DrillBackupSource implements BackupSource {

	private final DrillSettingsService settings;

	DrillBackupSource(DrillSettingsService settings) {
		this.settings = settings;
	}

	@Override
	public Optional<BackupSourceSettings> find(String environment) {
		return settings.find(environment)
			.filter(found -> found.serverName() != null)
			.map(found -> new BackupSourceSettings(found.serverName(), found.values().mediaDir() != null,
					found.values().extraVars()));
	}

}
