package io.opsdeck.approvals;

/**
 * Launches an approved request: implemented by each module that calls {@link Approvals#gate} (drills, patching,
 * provisioning, backups), one bean per kind. The module depends on approvals, never the reverse.
 */
public interface ApprovalHandler {

	/** @return the kind this handler launches, one of the constants of {@link Approvals} */
	String kind();

	/**
	 * Launches the stored request as its requester, without asking the gate again and without the ADMIN rule the
	 * approval replaces; every other rule and check (settings present, the environment free, inputs still valid)
	 * applies as at request time. Records the approver on the run ({@link ApprovedLaunch#label}).
	 * @param launch the approved request
	 * @return the run it started (if the launch is a run) and one line on what happened
	 * @throws RuntimeException when the launch fails (e.g. a {@code ConflictException} because another exclusive
	 * run is active): the request becomes {@code FAILED} with the exception's message
	 */
	LaunchResult launch(ApprovedLaunch launch);

}
