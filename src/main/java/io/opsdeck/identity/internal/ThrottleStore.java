package io.opsdeck.identity.internal;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The counts and locks of {@code login_throttle}, one row per subject: {@code user:<name>} and
 * {@code address:<ip>} for sign-ins, {@code token-address:<ip>} for bearer tokens. A subject's failures are counted
 * in a fixed window from its first failure, in database time, so every node sees the same counts and locks. Shared
 * by {@link LoginThrottle}, {@link TokenThrottle} and {@link AddressLockService}; callers bring the transaction.
 */
@Component
class ThrottleStore {

	/** Subject prefix of a client address's failed sign-ins. */
	static final String SIGN_IN_ADDRESS = "address:";

	/** Subject prefix of a client address's rejected bearer tokens. */
	static final String TOKEN_ADDRESS = "token-address:";

	private final JdbcClient jdbc;

	private final LoginProperties properties;

	ThrottleStore(JdbcClient jdbc, LoginProperties properties) {
		this.jdbc = jdbc;
		this.properties = properties;
	}

	LoginProperties properties() {
		return properties;
	}

	/** @return whether the address is counted and locked at all: known, and not in {@code exempt-addresses} */
	boolean counted(@Nullable String address) {
		return address != null && !address.isBlank() && !properties.exemptAddresses().contains(address);
	}

	/** @return how long the longest lock among {@code subjects} still lasts (at least 1 s), or empty */
	Optional<Duration> lockedFor(List<String> subjects) {
		Long seconds = jdbc.sql("select ceil(extract(epoch from locked_until - now()))::bigint from login_throttle "
				+ "where subject in (:subjects) and locked_until > now() order by locked_until desc limit 1")
			.param("subjects", subjects)
			.query(Long.class)
			.optional()
			.orElse(null);
		return (seconds == null) ? Optional.empty() : Optional.of(Duration.ofSeconds(Math.max(1, seconds)));
	}

	/**
	 * Counts one failure; at {@code limit} failures within the window, locks the subject for the lock duration and
	 * starts its count again.
	 *
	 * @return whether this failure locked the subject
	 */
	boolean fail(String subject, int limit) {
		Integer failures = jdbc.sql("""
				insert into login_throttle as t (subject, failures, window_start) values (:subject, 1, now())
				on conflict (subject) do update set
				  failures = case when t.window_start <= now() - make_interval(secs => :window) then 1
				                  else t.failures + 1 end,
				  window_start = case when t.window_start <= now() - make_interval(secs => :window) then now()
				                      else t.window_start end
				returning failures""")
			.param("subject", subject)
			.param("window", properties.window().toSeconds())
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

	/** Forgets the subjects' counts and locks. @return how many of them were locked */
	int delete(List<String> subjects) {
		return (int) jdbc.sql("delete from login_throttle where subject in (:subjects) "
				+ "returning locked_until is not null and locked_until > now()")
			.param("subjects", subjects)
			.query(Boolean.class)
			.list()
			.stream()
			.filter(Boolean::booleanValue)
			.count();
	}

	/** @return every address locked now, for sign-in or for bearer tokens, soonest end first */
	List<AddressLock> addressLocks() {
		return jdbc.sql("""
				select subject, locked_until from login_throttle
				where locked_until > now() and (subject like 'address:%' or subject like 'token-address:%')
				order by locked_until, subject""")
			.query((rs, n) -> {
				String subject = rs.getString(1);
				boolean token = subject.startsWith(TOKEN_ADDRESS);
				return new AddressLock(subject.substring((token ? TOKEN_ADDRESS : SIGN_IN_ADDRESS).length()),
						token ? AddressLock.Kind.BEARER_TOKENS : AddressLock.Kind.SIGN_IN,
						rs.getTimestamp(2).toInstant());
			})
			.list();
	}

}
