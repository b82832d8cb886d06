package io.opsdeck.backups.internal;

import java.time.Duration;

import io.opsdeck.approvals.ApprovalHandler;
import io.opsdeck.approvals.Approvals;
import io.opsdeck.approvals.ApprovedLaunch;
import io.opsdeck.approvals.LaunchResult;
import io.opsdeck.backups.BackupCleanup;

import org.springframework.stereotype.Component;

/**
 * Runs an approved retention cleanup (docs/approvals.md) as the requester. A cleanup is no run: it deletes at once,
 * and the plan is made again at approval time (backups taken since are kept by the same rules).
 */
@Component
class BackupCleanupApprovalHandler implements ApprovalHandler {

	private final BackupService backups;

	BackupCleanupApprovalHandler(BackupService backups) {
		this.backups = backups;
	}

	@Override
	public String kind() {
		return Approvals.BACKUP_CLEANUP;
	}

	@Override
	public LaunchResult launch(ApprovedLaunch launch) {
		BackupCleanup done = backups.cleanup(launch.environment(), Duration.ofDays(launch.integer("retentionDays")),
				launch.integer("keepNewest"), false, launch.requester(), launch);
		return new LaunchResult(null, "deleted " + done.deleted().size() + " backup(s) (" + done.deletedBytes()
				+ " bytes), kept " + done.keptCount() + (done.failed().isEmpty() ? ""
						: ", " + done.failed().size() + " could not be deleted")
				+ "; approved by " + launch.approver().display());
	}

}
