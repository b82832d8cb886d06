package io.opsdeck.cloudfirewall;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * The cloud API refused a call or could not be reached. The message says what failed in words a user can act on and
 * never holds a secret. When it happens during an apply, {@link #applied()} lists the changes already made, so that
 * nothing half-applied is hidden (a new plan shows what is still missing).
 */
public class CloudFirewallException extends RuntimeException {

	/** What kind of failure; the API reports it as the problem's {@code reason}. */
	public enum Reason {

		/** the key or token is unknown or wrong (AWS {@code AuthFailure}, DigitalOcean 401) */
		CREDENTIALS,
		/** valid credentials without the permission (AWS {@code UnauthorizedOperation}, DigitalOcean 403) */
		ACCESS_DENIED,
		/** an instance, droplet or group the plan names does not exist */
		NOT_FOUND,
		/** the cloud refused the request's content (DigitalOcean 422, AWS other 400 codes) */
		REJECTED,
		/** the endpoint did not answer: refused, unknown host, timeout */
		UNREACHABLE,
		/** anything else */
		OTHER

	}

	private final Reason reason;

	private final List<FirewallChange> applied;

	/**
	 * @param reason the kind of failure
	 * @param message what failed, without secrets
	 * @param cause the client's exception, or {@code null}
	 */
	public CloudFirewallException(Reason reason, String message, @Nullable Throwable cause) {
		this(reason, message, cause, List.of());
	}

	private CloudFirewallException(Reason reason, String message, @Nullable Throwable cause,
			List<FirewallChange> applied) {
		super(message, cause);
		this.reason = reason;
		this.applied = List.copyOf(applied);
	}

	/**
	 * @param applied the changes made before this failure
	 * @return the same failure, saying what an apply had already changed
	 */
	public CloudFirewallException afterApplying(List<FirewallChange> applied) {
		String message = applied.isEmpty() ? getMessage() + " Nothing was changed."
				: getMessage() + " Already applied before the failure: " + applied.size() + " change"
						+ ((applied.size() == 1) ? "" : "s") + "; plan again to see what is missing.";
		return new CloudFirewallException(this.reason, message, getCause(), applied);
	}

	/** @return the kind of failure */
	public Reason reason() {
		return this.reason;
	}

	/** @return changes an apply made before failing; empty for a plan or when nothing was changed */
	public List<FirewallChange> applied() {
		return this.applied;
	}

}
