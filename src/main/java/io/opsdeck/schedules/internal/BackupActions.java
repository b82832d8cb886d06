package io.opsdeck.schedules.internal;

import java.time.Duration;

import io.opsdeck.backups.BackupCheck;
import io.opsdeck.backups.BackupCleanup;
import io.opsdeck.backups.Backups;
import io.opsdeck.identity.Actor;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Component;

/**
 * Backup verification and cleanup for schedules, through {@link io.opsdeck.backups.Backups}: both run on the
 * firing thread (they start no run) and their whole result is kept as JSON.
 */
@Component
class BackupActions {

	private final Backups backups;

	private final JsonMapper json;

	BackupActions(Backups backups, JsonMapper json) {
		this.backups = backups;
		this.json = json;
	}

	/**
	 * @param succeeded whether the action succeeded (a stale or broken backup is a failure)
	 * @param message one line for the schedule's history
	 * @param details the full result as JSON, or {@code null}
	 */
	record Result(boolean succeeded, String message, @Nullable String details) {
	}

	/** "Verify completion": succeeds only when the newest backup is {@code OK} (fresh and every checksum right). */
	Result verify(String environment, int maxAgeHours) {
		BackupCheck check = backups.verifyNewest(environment, Duration.ofHours(maxAgeHours));
		String message = "newest backup " + ((check.newestTimestamp() != null) ? check.newestTimestamp() + " " : "")
				+ check.status() + (check.findings().isEmpty() ? "" : ": " + check.findings().get(0));
		return new Result(check.status() == BackupCheck.Status.OK, message, json.writeValueAsString(check));
	}

	/** A real cleanup (no dry run); succeeds when the storage deleted every backup it was asked to. */
	Result cleanup(String environment, int retentionDays, int keepNewest, Actor actor) {
		BackupCleanup cleanup = backups.cleanup(environment, Duration.ofDays(retentionDays), keepNewest, false, actor);
		String message = "deleted " + cleanup.deleted().size() + " backups older than " + retentionDays + " days ("
				+ cleanup.deletedBytes() + " bytes), kept " + cleanup.keptCount()
				+ (cleanup.failed().isEmpty() ? "" : ", " + cleanup.failed().size() + " refused by the storage");
		return new Result(cleanup.failed().isEmpty(), message, json.writeValueAsString(cleanup));
	}

}
