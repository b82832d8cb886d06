package io.opsdeck.approvals.internal;

/** Where an approval request stands. */
public enum ApprovalStatus {

	/** waits for a second admin */
	PENDING,
	/** approved, and its launch started (see the run) */
	APPROVED,
	/** rejected, with a reason */
	REJECTED,
	/** nobody decided within {@code opsdeck.approvals.expiry} */
	EXPIRED,
	/** approved, but the launch failed then (the reason says why, e.g. another exclusive run was active) */
	FAILED,
	/** withdrawn by its requester while pending (V28) */
	WITHDRAWN

}
