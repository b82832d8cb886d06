package io.opsdeck.approvals;

import java.util.Map;

import io.opsdeck.identity.Actor;

/**
 * The gate every production-affecting launch passes (issue 7, "Access": drill, update, provision and cleanup need
 * ADMIN, or an approval by a second admin when the environment requires approvals). Call it after the request has
 * been validated and before anything is launched.
 */
public interface Approvals {

	/** Kind of a DR drill launch. */
	String DRILL = "drill";

	/** Kind of a security update that upgrades (not its check mode). */
	String SECURITY_UPDATE = "security-update";

	/** Kind of a provision run that changes the server (not check mode). */
	String PROVISION = "provision";

	/** Kind of a backup cleanup that deletes (not a dry run). */
	String BACKUP_CLEANUP = "backup-cleanup";

	/**
	 * Lets the launch go on, or turns it into a pending approval request.
	 * <ul>
	 * <li>Schedules and Opsdeck itself ({@code SCHEDULE}, {@code SYSTEM}) always pass: a schedule in such an
	 * environment is created or changed by an ADMIN of it.</li>
	 * <li>Without {@code approvalRequired} on the environment everyone passes, and the caller applies its own rule
	 * (e.g. ADMIN on production).</li>
	 * <li>With it, an OPERATOR (or ADMIN) of the environment gets a {@code PENDING} request, stored with the payload
	 * and an expiry ({@code opsdeck.approvals.expiry}, 24 hours by default), and {@link ApprovalPendingException};
	 * anyone else gets {@code AccessDeniedException}.</li>
	 * </ul>
	 * The request is committed on its own, whatever transaction the caller is in.
	 * @param kind what is launched, one of the constants of this interface; an {@link ApprovalHandler} of this kind
	 * launches it on approval
	 * @param environment the environment the launch changes
	 * @param actor who asks
	 * @param payload what the handler needs to launch it again: JSON values (strings, numbers, booleans, lists,
	 * maps) and <b>never a secret</b>: secrets (presigned URLs, passwords) are resolved again at approval time
	 * @param summary one line for people, e.g. {@code Security update (security) of production}, at most 500
	 * characters
	 * @throws ApprovalPendingException when a request was created instead of the launch
	 * @throws org.springframework.security.access.AccessDeniedException when the environment requires approvals
	 * and the actor is not an OPERATOR of it
	 */
	void gate(String kind, String environment, Actor actor, Map<String, Object> payload, String summary);

	/**
	 * @param environment environment name
	 * @return whether launches there need a second admin's approval ({@code false} for an unknown environment)
	 */
	boolean approvalRequired(String environment);

}
