package io.opsdeck.audit.internal;

/**
 * How an audited action ended: {@code SUCCESS} (HTTP 2xx/3xx), {@code DENIED} (401/403, a failed sign-in, a rejected
 * token, an anonymous request sent to the sign-in page) or {@code FAILURE} (any other status).
 */
public enum AuditOutcome {

	SUCCESS, DENIED, FAILURE;

	/**
	 * @param status an HTTP status code
	 * @return the outcome that status stands for
	 */
	public static AuditOutcome ofStatus(int status) {
		if (status == 401 || status == 403) {
			return DENIED;
		}
		return (status >= 200 && status < 400) ? SUCCESS : FAILURE;
	}

}
