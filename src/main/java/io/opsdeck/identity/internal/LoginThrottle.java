package io.opsdeck.identity.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Counts failed sign-ins per user name and per client address in {@code login_throttle} ({@link ThrottleStore}).
 * A subject that reaches its limit within the window is locked for the lock duration. User names are counted
 * whether or not the user exists, so a lock reveals nothing about which users exist. Bearer tokens have their own
 * count ({@link TokenThrottle}); ADMINs lift address locks through {@link AddressLockService}.
 */
@Component
public class LoginThrottle {

	private static final Logger log = LoggerFactory.getLogger(LoginThrottle.class);

	/** Longer user names are counted by their SHA-256, so a subject always fits its column. */
	private static final int MAX_NAME_IN_SUBJECT = 200;

	private final JdbcClient jdbc;

	private final ThrottleStore store;

	private final LoginProperties properties;

	LoginThrottle(JdbcClient jdbc, ThrottleStore store) {
		this.jdbc = jdbc;
		this.store = store;
		this.properties = store.properties();
	}

	/**
	 * @param username the user name as typed
	 * @param address the client address, or {@code null} when unknown
	 * @return how long sign-in stays locked for this name or address, or empty when it is not locked
	 */
	@Transactional(propagation = Propagation.REQUIRES_NEW)
	public Optional<Duration> signInLockedFor(String username, @Nullable String address) {
		List<String> subjects = new ArrayList<>(List.of(userSubject(username)));
		if (store.counted(address)) {
			subjects.add(ThrottleStore.SIGN_IN_ADDRESS + address);
		}
		return store.lockedFor(subjects);
	}

	/** Counts a failed sign-in for the user name and the address; locks either at its limit. */
	@Transactional(propagation = Propagation.REQUIRES_NEW)
	public void signInFailed(String username, @Nullable String address) {
		if (store.fail(userSubject(username), properties.maxFailuresPerUser())) {
			log.warn("Sign-in for a user name locked for {} after {} failures", properties.lockDuration(),
					properties.maxFailuresPerUser());
		}
		if (store.counted(address) && store.fail(ThrottleStore.SIGN_IN_ADDRESS + address,
				properties.maxFailuresPerAddress())) {
			log.warn("Sign-in from {} locked for {} after {} failures", address, properties.lockDuration(),
					properties.maxFailuresPerAddress());
		}
	}

	/** Counts a sign-in refused because of a lock against the address only (unless the address is locked). */
	@Transactional(propagation = Propagation.REQUIRES_NEW)
	public void signInRefused(@Nullable String address) {
		String subject = ThrottleStore.SIGN_IN_ADDRESS + address;
		if (store.counted(address) && store.lockedFor(List.of(subject)).isEmpty()
				&& store.fail(subject, properties.maxFailuresPerAddress())) {
			log.warn("Sign-in from {} locked for {} after {} failures", address, properties.lockDuration(),
					properties.maxFailuresPerAddress());
		}
	}

	/** A successful sign-in resets the user name's count (not the address's). */
	@Transactional(propagation = Propagation.REQUIRES_NEW)
	public void signInSucceeded(String username) {
		unlock(username);
	}

	/** Lifts a user name's lock and resets its count. */
	@Transactional
	public void unlock(String username) {
		store.delete(List.of(userSubject(username)));
	}

	/** @return until when the user name is locked, or {@code null} */
	public @Nullable Instant lockedUntil(String username) {
		return jdbc.sql("select locked_until from login_throttle where subject = ? and locked_until > now()")
			.param(userSubject(username))
			.query((rs, n) -> rs.getTimestamp(1).toInstant())
			.optional()
			.orElse(null);
	}

	private static String userSubject(String username) {
		String name = (username.length() > MAX_NAME_IN_SUBJECT) ? TokenValues.hash(username) : username;
		return "user:" + name;
	}

}
