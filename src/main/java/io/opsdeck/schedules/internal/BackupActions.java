package io.opsdeck.schedules.internal;

import io.opsdeck.identity.Actor;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * Backup verification and cleanup for schedules, through {@link io.opsdeck.backups.Backups}.
 */
@Component
class BackupActions {

	/**
	 * @param succeeded whether the action succeeded (a stale or broken backup is a failure)
	 * @param message one line for the schedule's history
	 * @param details the full result as JSON, or {@code null}
	 */
	record Result(boolean succeeded, String message, @Nullable String details) {
	}

	Result verify(String environment, int maxAgeHours) {
		throw new UnsupportedOperationException("backup verification is not wired yet");
	}

	Result cleanup(String environment, int retentionDays, int keepNewest, Actor actor) {
		throw new UnsupportedOperationException("backup cleanup is not wired yet");
	}

}
