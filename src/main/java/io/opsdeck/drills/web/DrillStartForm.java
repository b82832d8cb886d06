package io.opsdeck.drills.web;

import org.jspecify.annotations.Nullable;

/**
 * The drill history page's "Run drill" form.
 *
 * @param type {@code full}, {@code database-only} or {@code validation-only}
 * @param backupTimestamp the backup to restore; blank: the newest
 */
record DrillStartForm(@Nullable String type, @Nullable String backupTimestamp) {

	static DrillStartForm empty() {
		return new DrillStartForm("full", "");
	}

	/** @return the chosen backup, or {@code null} for the newest */
	@Nullable String timestamp() {
		return (backupTimestamp == null || backupTimestamp.isBlank()) ? null : backupTimestamp;
	}

}
