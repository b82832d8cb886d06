package io.opsdeck.provisioning.internal;

import java.util.UUID;

import io.opsdeck.approvals.ApprovalHandler;
import io.opsdeck.approvals.Approvals;
import io.opsdeck.approvals.ApprovedLaunch;
import io.opsdeck.approvals.LaunchResult;
import io.opsdeck.provisioning.ProvisionRequest;

import org.springframework.stereotype.Component;

/**
 * Starts an approved provision run (docs/approvals.md) as the requester, with the approver in the run's label; the
 * settings and secrets are those of the environment at approval time.
 */
@Component
class ProvisionApprovalHandler implements ApprovalHandler {

	private final ProvisionService provisioning;

	ProvisionApprovalHandler(ProvisionService provisioning) {
		this.provisioning = provisioning;
	}

	@Override
	public String kind() {
		return Approvals.PROVISION;
	}

	@Override
	public LaunchResult launch(ApprovedLaunch launch) {
		String server = launch.text("serverId");
		UUID serverId = UUID.fromString((server != null) ? server : "");
		return LaunchResult.run(provisioning.provision(serverId, new ProvisionRequest(launch.texts("tags"), false),
				launch.requester(), launch));
	}

}
