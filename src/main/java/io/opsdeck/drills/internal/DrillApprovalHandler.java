package io.opsdeck.drills.internal;

import io.opsdeck.approvals.ApprovalHandler;
import io.opsdeck.approvals.Approvals;
import io.opsdeck.approvals.ApprovedLaunch;
import io.opsdeck.approvals.LaunchResult;
import io.opsdeck.drills.DrillType;

import org.springframework.stereotype.Component;

/**
 * Starts an approved drill (docs/approvals.md): the drill as requested, against the backup named then or the newest
 * one now, as the requester, with the approver in the run's label.
 */
@Component
class DrillApprovalHandler implements ApprovalHandler {

	private final DrillService drills;

	DrillApprovalHandler(DrillService drills) {
		this.drills = drills;
	}

	@Override
	public String kind() {
		return Approvals.DRILL;
	}

	@Override
	public LaunchResult launch(ApprovedLaunch launch) {
		String type = launch.text("type");
		DrillDetails drill = drills.start(launch.environment(), DrillType.fromValue((type != null) ? type : ""),
				launch.text("backupTimestamp"), launch.requester(), launch);
		return new LaunchResult(drill.runId(), "drill " + drill.id() + " started (run " + drill.runId() + ")");
	}

}
