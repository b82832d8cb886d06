package io.opsdeck.identity.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Counts failed sign-ins per user name and per client address, and rejected bearer tokens per address, in
 * {@code login_throttle} (database time, so every node sees the same counts and locks). A subject that reaches its
 * limit within the window is locked for the lock duration. User names are counted whether or not the user exists,
 * so a lock reveals nothing about which users exist.
 * <p>
 * The check before every bearer request ({@link #tokensLockedFor}) remembers an address's answer for at most
 * {@code opsdeck.identity.token-cache-ttl} (5 s) instead of asking the database per request: a lock set on this
 * node applies to the very next request, one set on another node within that time.
 */
@Component
public class LoginThrottle {

	private static final Logger log = LoggerFactory.getLogger(LoginThrottle.class);

	/** Longer user names are counted by their SHA-256, so a subject always fits its column. */
	private static final int MAX_NAME_IN_SUBJECT = 200;

	private final JdbcClient jdbc;

	private final LoginProperties properties;

	/** Address → until when its bearer tokens are refused ({@link Instant#EPOCH}: not locked when read). */
	private final @Nullable Cache<String, Instant> tokenLocks;

	LoginThrottle(JdbcClient jdbc, LoginProperties properties,
			@Value("${opsdeck.identity.token-cache-ttl:5s}") Duration cacheTtl) {
		this.jdbc = jdbc;
		this.properties = properties;
		this.tokenLocks = (cacheTtl.isZero() || cacheTtl.isNegative()) ? null
				: Caffeine.newBuilder().expireAfterWrite(cacheTtl).maximumSize(10_000).build();
	}

	/**
	 * @param username the user name as typed
	 * @param address the client address, or {@code null} when unknown
	 * @return how long sign-in stays locked for this name or address, or empty when it is not locked
	 */
	@Transactional(propagation = Propagation.REQUIRES_NEW)
	public Optional<Duration> signInLockedFor(String username, @Nullable String address) {
		List<String> subjects = new ArrayList<>(List.of(userSubject(username)));
		if (counted(address)) {
			subjects.add("address:" + address);
		}
		return lockedFor(subjects);
	}

	/** Counts a failed sign-in for the user name and the address; locks either at its limit. */
	@Transactional(propagation = Propagation.REQUIRES_NEW)
	public void signInFailed(String username, @Nullable String address) {
		if (fail(userSubject(username), properties.maxFailuresPerUser())) {
			log.warn("Sign-in for a user name locked for {} after {} failures", properties.lockDuration(),
					properties.maxFailuresPerUser());
		}
		if (counted(address) && fail("address:" + address, properties.maxFailuresPerAddress())) {
			log.warn("Sign-in from {} locked for {} after {} failures", address, properties.lockDuration(),
					properties.maxFailuresPerAddress());
		}
	}

	/** Counts a sign-in refused because of a lock against the address only (unless the address is locked). */
	@Transactional(propagation = Propagation.REQUIRES_NEW)
	public void signInRefused(@Nullable String address) {
		if (counted(address) && lockedFor(List.of("address:" + address)).isEmpty()
				&& fail("address:" + address, properties.maxFailuresPerAddress())) {
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
		jdbc.sql("delete from login_throttle where subject = ?").param(userSubject(username)).update();
	}

	/** @return until when the user name is locked, or {@code null} */
	public @Nullable Instant lockedUntil(String username) {
		return jdbc.sql("select locked_until from login_throttle where subject = ? and locked_until > now()")
			.param(userSubject(username))
			.query((rs, n) -> rs.getTimestamp(1).toInstant())
			.optional()
			.orElse(null);
	}

	/**
	 * One read without a transaction, and none at all while the address's last answer is fresh (see above).
	 *
	 * @return how long bearer tokens from the address are refused, or empty
	 */
	public Optional<Duration> tokensLockedFor(@Nullable String address) {
		if (!counted(address)) {
			return Optional.empty();
		}
		Instant now = Instant.now();
		Instant until = (tokenLocks != null) ? tokenLocks.getIfPresent(address) : null;
		if (until == null) {
			Optional<Duration> locked = lockedFor(List.of("token-address:" + address));
			if (tokenLocks != null) {
				tokenLocks.put(address, locked.map(now::plus).orElse(Instant.EPOCH));
			}
			return locked;
		}
		return until.isAfter(now) ? Optional.of(Duration.ofSeconds(Math.max(1,
				Duration.between(now, until).toMillis() / 1000 + 1))) : Optional.empty();
	}

	/** Counts a rejected bearer token from the address; locks it at its limit. */
	@Transactional(propagation = Propagation.REQUIRES_NEW)
	public void tokenRejected(@Nullable String address) {
		if (counted(address) && fail("token-address:" + address, properties.maxInvalidTokensPerAddress())) {
			forgetTokenLock(address);
			log.warn("Bearer tokens from {} refused for {} after {} rejected tokens", address,
					properties.lockDuration(), properties.maxInvalidTokensPerAddress());
		}
	}

	/** Drops the address's remembered answer now and again once the lock is committed. */
	private void forgetTokenLock(String address) {
		if (tokenLocks == null) {
			return;
		}
		tokenLocks.invalidate(address);
		if (TransactionSynchronizationManager.isSynchronizationActive()) {
			TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
				@Override
				public void afterCompletion(int status) {
					tokenLocks.invalidate(address);
				}
			});
		}
	}

	private Optional<Duration> lockedFor(List<String> subjects) {
		Long seconds = jdbc.sql("select ceil(extract(epoch from locked_until - now()))::bigint from login_throttle "
				+ "where subject in (:subjects) and locked_until > now() order by locked_until desc limit 1")
			.param("subjects", subjects)
			.query(Long.class)
			.optional()
			.orElse(null);
		return (seconds == null) ? Optional.empty() : Optional.of(Duration.ofSeconds(Math.max(1, seconds)));
	}

	/** @return whether this failure locked the subject */
	private boolean fail(String subject, int limit) {
		long window = properties.window().toSeconds();
		Integer failures = jdbc.sql("""
				insert into login_throttle as t (subject, failures, window_start) values (:subject, 1, now())
				on conflict (subject) do update set
				  failures = case when t.window_start <= now() - make_interval(secs => :window) then 1
				                  else t.failures + 1 end,
				  window_start = case when t.window_start <= now() - make_interval(secs => :window) then now()
				                      else t.window_start end
				returning failures""")
			.param("subject", subject)
			.param("window", window)
			.query(Integer.class)
			.single();
		if (failures < limit) {
			return false;
		}
		jdbc.sql("""
				update login_throttle set locked_until = now() + make_interval(secs => :lock), failures = 0,
				  window_start = now()
				where subject = :subject""")
			.param("lock", properties.lockDuration().toSeconds())
			.param("subject", subject)
			.update();
		return true;
	}

	private boolean counted(@Nullable String address) {
		return address != null && !address.isBlank() && !properties.exemptAddresses().contains(address);
	}

	private static String userSubject(String username) {
		String name = (username.length() > MAX_NAME_IN_SUBJECT) ? TokenValues.hash(username) : username;
		return "user:" + name;
	}

}
