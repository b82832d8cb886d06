package io.opsdeck.patching.internal;

import io.opsdeck.approvals.ApprovalHandler;
import io.opsdeck.approvals.Approvals;
import io.opsdeck.approvals.ApprovedLaunch;
import io.opsdeck.approvals.LaunchResult;
import io.opsdeck.patching.PatchMode;
import io.opsdeck.patching.PatchRequest;

import org.springframework.stereotype.Component;

/** Starts an approved security update (docs/approvals.md) as the requester, with the approver in the run's label. */
@Component
class PatchApprovalHandler implements ApprovalHandler {

	private final PatchService patching;

	PatchApprovalHandler(PatchService patching) {
		this.patching = patching;
	}

	@Override
	public String kind() {
		return Approvals.SECURITY_UPDATE;
	}

	@Override
	public LaunchResult launch(ApprovedLaunch launch) {
		String mode = launch.text("mode");
		PatchRequest request = new PatchRequest(PatchMode.fromValue((mode != null) ? mode : ""),
				launch.texts("packages"), launch.texts("cves"), launch.flag("reboot"), false);
		return LaunchResult.run(patching.launch(launch.environment(), request, launch.requester(), launch));
	}

}
