package io.opsdeck.approvals;

import java.net.URI;
import java.util.UUID;

/**
 * A launch became a pending approval request (see {@link Approvals#gate}): the API answers {@code 202} with
 * {@code {"approvalId","status":"PENDING","approval":"/api/v1/approvals/{id}"}} and {@code Location}; a page shows
 * "Waiting for approval". Not an error: the request was stored and waits for a second admin.
 */
public class ApprovalPendingException extends RuntimeException {

	private final UUID approvalId;

	private final String environment;

	private final String summary;

	/**
	 * @param approvalId the new request's id
	 * @param environment its environment
	 * @param summary what waits, e.g. {@code Security update (security) of production}
	 */
	public ApprovalPendingException(UUID approvalId, String environment, String summary) {
		super("Waiting for approval: " + summary + " needs the approval of a second ADMIN of environment '"
				+ environment + "' (request " + approvalId + ")", null, false, false);
		this.approvalId = approvalId;
		this.environment = environment;
		this.summary = summary;
	}

	public UUID approvalId() {
		return approvalId;
	}

	public String environment() {
		return environment;
	}

	public String summary() {
		return summary;
	}

	/** @return {@code /api/v1/approvals/{id}} */
	public URI location() {
		return URI.create("/api/v1/approvals/" + approvalId);
	}

}
