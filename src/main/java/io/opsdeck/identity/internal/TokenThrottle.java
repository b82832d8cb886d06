package io.opsdeck.identity.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Counts rejected bearer tokens per client address and locks an address that sends too many different ones
 * (docs/security.md, "Login throttling and lock-out"). Each distinct token (by its SHA-256, in
 * {@code rejected_tokens}) counts once per window: a CI runner retrying one stale token gets its {@code 401} every
 * time but never locks the other pipelines behind the same address, while guessing tokens (each guess a new one)
 * locks the address at {@code opsdeck.login.max-invalid-tokens-per-address}.
 * <p>
 * The check before every bearer request ({@link #tokensLockedFor}) remembers an address's answer for at most
 * {@code opsdeck.identity.token-cache-ttl} (5 s) instead of asking the database per request: a lock set or lifted on
 * this node applies to the very next request, one set or lifted on another node within that time.
 */
@Component
public class TokenThrottle {

	private static final Logger log = LoggerFactory.getLogger(TokenThrottle.class);

	private final JdbcClient jdbc;

	private final ThrottleStore store;

	/** Address → until when its bearer tokens are refused ({@link Instant#EPOCH}: not locked when read). */
	private final @Nullable Cache<String, Instant> tokenLocks;

	TokenThrottle(JdbcClient jdbc, ThrottleStore store,
			@Value("${opsdeck.identity.token-cache-ttl:5s}") Duration cacheTtl) {
		this.jdbc = jdbc;
		this.store = store;
		this.tokenLocks = (cacheTtl.isZero() || cacheTtl.isNegative()) ? null
				: Caffeine.newBuilder().expireAfterWrite(cacheTtl).maximumSize(10_000).build();
	}

	/**
	 * One read without a transaction, and none at all while the address's last answer is fresh (see above).
	 *
	 * @return how long bearer tokens from the address are refused, or empty
	 */
	public Optional<Duration> tokensLockedFor(@Nullable String address) {
		if (!store.counted(address)) {
			return Optional.empty();
		}
		Instant now = Instant.now();
		Instant until = (tokenLocks != null) ? tokenLocks.getIfPresent(address) : null;
		if (until == null) {
			Optional<Duration> locked = store.lockedFor(List.of(ThrottleStore.TOKEN_ADDRESS + address));
			if (tokenLocks != null) {
				tokenLocks.put(address, locked.map(now::plus).orElse(Instant.EPOCH));
			}
			return locked;
		}
		return until.isAfter(now) ? Optional.of(Duration.ofSeconds(Math.max(1,
				Duration.between(now, until).toMillis() / 1000 + 1))) : Optional.empty();
	}

	/**
	 * Counts a rejected bearer token against the address, unless the same token was already counted there within
	 * the window; locks the address at its limit.
	 *
	 * @param tokenHash the token's SHA-256 ({@link TokenValues#hash(String)}), never the value
	 */
	@Transactional(propagation = Propagation.REQUIRES_NEW)
	public void tokenRejected(@Nullable String address, String tokenHash) {
		if (!store.counted(address)) {
			return;
		}
		long window = store.properties().window().toSeconds();
		boolean first = jdbc.sql("""
				insert into rejected_tokens as r (address, token_hash, counted_at) values (:address, :hash, now())
				on conflict (address, token_hash) do update set counted_at = now()
				  where r.counted_at <= now() - make_interval(secs => :window)
				returning true""")
			.param("address", address)
			.param("hash", tokenHash)
			.param("window", window)
			.query(Boolean.class)
			.optional()
			.isPresent();
		if (!first) {
			log.debug("A rejected bearer token from {} again: counted once per window", address);
			return;
		}
		// this address's older rows can no longer decide anything (keeps the table at most a window's tokens)
		jdbc.sql("delete from rejected_tokens where address = :address and counted_at <= now() - make_interval(secs "
				+ "=> :window)").param("address", address).param("window", window).update();
		int limit = store.properties().maxInvalidTokensPerAddress();
		if (store.fail(ThrottleStore.TOKEN_ADDRESS + address, limit)) {
			forget(address);
			log.warn("Bearer tokens from {} refused for {} after {} different rejected tokens", address,
					store.properties().lockDuration(), limit);
		}
	}

	/**
	 * Deletes the rejected tokens no count can use any more (counted longer than the window ago). A rejection
	 * already clears its own address's old rows; this catches addresses that never come back (a scan from many
	 * addresses), so the table holds at most a window's worth. Every node runs it; the deletes do not conflict.
	 *
	 * @return rows deleted
	 */
	@Scheduled(initialDelayString = "PT10M", fixedDelayString = "PT1H")
	public int purge() {
		int deleted = jdbc.sql("delete from rejected_tokens where counted_at <= now() - make_interval(secs => :window)")
			.param("window", store.properties().window().toSeconds())
			.update();
		if (deleted > 0) {
			log.debug("Deleted {} rejected-token rows older than the window", deleted);
		}
		return deleted;
	}

	/**
	 * Forgets the address's rejected tokens (a lock being lifted). The caller brings the transaction.
	 */
	void lifted(String address) {
		jdbc.sql("delete from rejected_tokens where address = :address").param("address", address).update();
		forget(address);
	}

	/** Drops the address's remembered answer now and again once the change is committed. */
	private void forget(String address) {
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

}
