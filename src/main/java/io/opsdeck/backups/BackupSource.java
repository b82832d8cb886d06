package io.opsdeck.backups;

import java.util.Optional;

/**
 * Where "Back up now" takes a backup from: the server and the database/media extra vars of {@code backup.yml}. The
 * backups module only defines this; the module that owns those settings (drills: {@code drill_settings}) provides
 * the bean. With no bean, or no settings for an environment, "Back up now" is refused with 409.
 */
public interface BackupSource {

	/**
	 * @param environment environment name
	 * @return the settings, or empty when the environment has none
	 */
	Optional<BackupSourceSettings> find(String environment);

}
