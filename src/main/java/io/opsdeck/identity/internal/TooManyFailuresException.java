package io.opsdeck.identity.internal;

import java.time.Duration;

import org.springframework.security.core.AuthenticationException;

/**
 * Sign-in or bearer authentication refused because the user name or the client address is locked after repeated
 * failures. Says for how long, never which of the two is locked or whether the user exists.
 */
public final class TooManyFailuresException extends AuthenticationException {

	private final Duration retryAfter;

	public TooManyFailuresException(Duration retryAfter) {
		super("Too many failed attempts");
		this.retryAfter = retryAfter;
	}

	/** @return how long until the lock ends, at least one second */
	public Duration retryAfter() {
		return retryAfter;
	}

	/** @return {@link #retryAfter()} in whole minutes, rounded up, at least 1 */
	public long retryAfterMinutes() {
		return Math.max(1, (retryAfter.toSeconds() + 59) / 60);
	}

}
