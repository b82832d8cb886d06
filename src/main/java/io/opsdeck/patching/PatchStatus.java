package io.opsdeck.patching;

/**
 * A server's patch compliance, after AWS SSM Patch Manager's states.
 */
public enum PatchStatus {

	/** No pending security update and no reboot needed. */
	COMPLIANT,
	/** At least one security update is pending. */
	NON_COMPLIANT,
	/** Security updates are installed, only the reboot that activates them is missing. */
	PENDING_REBOOT,
	/** Never checked: no update run has reported on this server yet. */
	UNKNOWN

}
