package io.opsdeck.identity.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.opsdeck.identity.Role;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * A short-lived cache of what every request would otherwise read from PostgreSQL (issue 8, scenario 6): a verified
 * API token's row, keyed by the token's SHA-256 (never the value), and an enabled user's roles, keyed by user name.
 * <p>
 * An entry lives at most {@code opsdeck.identity.token-cache-ttl} (default 5 s; {@code 0} turns the cache off). A
 * change made through Opsdeck (revoking a token, disabling, deleting or demoting a user, granting or revoking a
 * grant) drops the user's entries on this node when its transaction commits, so the very next request sees it,
 * and on every other node when the change's {@code NOTIFY} arrives ({@link IdentityChangeListener}, milliseconds).
 * While this node is not listening (starting, or its listening connection is down) the cache is bypassed, so the
 * TTL bounds the staleness of any entry in any case; that bound also covers direct SQL edits of the tables.
 * <p>
 * Race with a change: every load notes the {@link #generation()} before it reads the database, and an entry whose
 * generation moved on during the load is dropped right after it is stored, so a load that read the old rows never
 * outlives the invalidation that followed them. Only positive results are cached (a usable token, an enabled user):
 * a rejected token is read again every time (and throttled per address).
 */
@Component
public class IdentityCache {

	/** What a cached token carries: the columns {@link TokenAuthenticator} needs, not the value or its hash. */
	record CachedToken(UUID id, String name, Role role, String owner, @Nullable Instant expiresAt,
			@Nullable Set<String> scope) {

		boolean isUsableAt(Instant now) {
			return expiresAt == null || now.isBefore(expiresAt);
		}

	}

	private final AtomicLong generation = new AtomicLong();

	private final @Nullable Cache<String, CachedToken> tokens;

	private final @Nullable Cache<String, UserRoles> roles;

	private final Duration ttl;

	private volatile boolean listening;

	/**
	 * @param ttl {@code opsdeck.identity.token-cache-ttl}: how long an entry may be served, at most (zero or
	 * negative: no cache)
	 */
	IdentityCache(@Value("${opsdeck.identity.token-cache-ttl:5s}") Duration ttl) {
		this.ttl = ttl;
		if (ttl.isZero() || ttl.isNegative()) {
			this.tokens = null;
			this.roles = null;
		}
		else {
			this.tokens = Caffeine.newBuilder().expireAfterWrite(ttl).maximumSize(10_000).build();
			this.roles = Caffeine.newBuilder().expireAfterWrite(ttl).maximumSize(10_000).build();
		}
	}

	/** @return the longest an entry is served */
	public Duration ttl() {
		return ttl;
	}

	/** @return whether entries are served: a TTL is set and this node is listening for changes */
	public boolean isActive() {
		return tokens != null && listening;
	}

	/**
	 * Called by the {@link IdentityChangeListener}: while not listening, changes on other nodes would be missed, so
	 * nothing is served and everything cached is dropped.
	 */
	void listening(boolean listening) {
		invalidateAll();
		this.listening = listening;
		invalidateAll();
	}

	/** @return the value to hand back to {@link #putToken} and {@link #putRoles} (read before the database) */
	long generation() {
		return generation.get();
	}

	@Nullable CachedToken token(String tokenHash) {
		return isActive() ? tokens.getIfPresent(tokenHash) : null;
	}

	void putToken(String tokenHash, CachedToken token, long loadedAt) {
		if (isActive()) {
			tokens.put(tokenHash, token);
			if (generation.get() != loadedAt) {
				tokens.invalidate(tokenHash);
			}
		}
	}

	@Nullable UserRoles roles(String username) {
		return isActive() ? roles.getIfPresent(username) : null;
	}

	void putRoles(UserRoles userRoles, long loadedAt) {
		if (isActive()) {
			roles.put(userRoles.username(), userRoles);
			if (generation.get() != loadedAt) {
				roles.invalidate(userRoles.username());
			}
		}
	}

	/** Drops a user's roles and every cached token they own. */
	void invalidate(String username) {
		generation.incrementAndGet();
		if (tokens != null) {
			roles.invalidate(username);
			tokens.asMap().values().removeIf(token -> token.owner().equals(username));
		}
	}

	/** Drops everything. */
	void invalidateAll() {
		generation.incrementAndGet();
		if (tokens != null) {
			roles.invalidateAll();
			tokens.invalidateAll();
		}
	}

}
