package io.opsdeck.identity.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.opsdeck.identity.Actor;
import io.opsdeck.identity.Role;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Checks a token value: known hash, not revoked, not expired, owner present and enabled. The effective role is the
 * token's role capped at the owner's current role in each environment (base role and grants), so demoting a user
 * or revoking a grant demotes their tokens at once. The token's row and the owner's roles come from the
 * {@link IdentityCache} when it has them (a change made through Opsdeck drops them on every node; an entry is at
 * most {@code opsdeck.identity.token-cache-ttl} old), else from the database in one transaction; the expiry is
 * checked on every request. Concurrent requests with the same uncached token share one read ({@link SharedLoads}).
 * Records the use at most once per {@link #TOUCH_INTERVAL}, when the token is read from
 * the database (so {@code last_used_at} is at most {@link #TOUCH_INTERVAL} plus the cache's TTL old).
 */
@Component
public class TokenAuthenticator {

	/** How stale {@code last_used_at} may get: one write per token per minute at most. */
	static final Duration TOUCH_INTERVAL = Duration.ofMinutes(1);

	private static final Logger log = LoggerFactory.getLogger(TokenAuthenticator.class);

	private final ApiTokenRepository tokens;

	private final ActorLoader actors;

	private final IdentityCache cache;

	private final TransactionTemplate transaction;

	private final Clock clock = Clock.systemUTC();

	/**
	 * Requests with the same token whose cache entry is missing share one read (when the cache is on): at the end of
	 * an entry's TTL, all the requests in flight with that token would otherwise read it at once. A request that
	 * arrives after an invalidation never joins a read started before it ({@link SharedLoads}).
	 */
	private final SharedLoads<String, Verified> loads = new SharedLoads<>();

	TokenAuthenticator(ApiTokenRepository tokens, ActorLoader actors, IdentityCache cache,
			PlatformTransactionManager transactions) {
		this.tokens = tokens;
		this.actors = actors;
		this.cache = cache;
		this.transaction = new TransactionTemplate(transactions);
	}

	/**
	 * @param value the token value from the request
	 * @return the authentication, or empty when the token must be rejected (the reason is logged at debug, by token
	 * id, never with the value)
	 */
	Optional<ApiTokenAuthentication> authenticate(String value) {
		return recheck(TokenValues.hash(value));
	}

	/**
	 * The same checks as {@link #authenticate(String)}, by the token's hash: for a response that outlives its request
	 * (an event stream, a followed log), which checks now and then that its token is still good
	 * ({@link CredentialRecheckService}).
	 * @param hash the token's SHA-256, from {@link ApiTokenAuthentication#tokenHash()}
	 * @return the authentication as of now, or empty when the token must be rejected now
	 */
	Optional<ApiTokenAuthentication> recheck(String hash) {
		Instant now = clock.instant();
		IdentityCache.CachedToken token = cache.token(hash);
		UserRoles owner = (token != null) ? cache.roles(token.owner()) : null;
		if (token == null || owner == null) {
			Verified verified = cache.isActive()
					? loads.load(hash, cache.generation(), generation -> read(hash, now, generation))
					: read(hash, now, cache.generation());
			if (verified == null) {
				return Optional.empty();
			}
			token = verified.token();
			owner = verified.owner();
		}
		if (!token.isUsableAt(now)) {
			log.debug("Rejected API token {}: expired", token.id());
			return Optional.empty();
		}
		Actor actor = actorOf(token.name(), token.role(), token.scope(), owner);
		return Optional.of(new ApiTokenAuthentication(actor, token.id(), token.owner(), token.expiresAt(), hash));
	}

	private @Nullable Verified read(String hash, Instant now, long generation) {
		return transaction.execute(status -> load(hash, now, generation));
	}

	/**
	 * Reads the token and its owner's roles, records the use, and caches both.
	 *
	 * @param generation the cache's generation, read before this load
	 * @return null when rejected
	 */
	private @Nullable Verified load(String hash, Instant now, long generation) {
		Optional<ApiToken> found = tokens.findByTokenHash(hash);
		if (found.isEmpty()) {
			log.debug("Rejected an unknown API token");
			return null;
		}
		ApiToken token = found.get();
		if (!token.isUsableAt(now)) {
			log.debug("Rejected API token {}: revoked or expired", token.id());
			return null;
		}
		Optional<UserRoles> owner = actors.loadFresh(token.owner(), generation);
		if (owner.isEmpty()) {
			log.debug("Rejected API token {}: owner '{}' is disabled or removed", token.id(), token.owner());
			return null;
		}
		Instant threshold = now.minus(TOUCH_INTERVAL);
		if (token.lastUseOlderThan(threshold)) {
			tokens.touch(token.id(), now, threshold);
		}
		IdentityCache.CachedToken cached = new IdentityCache.CachedToken(token.id(), token.name(), token.role(),
				token.owner(), token.expiresAt(), token.scope());
		cache.putToken(hash, cached, generation);
		return new Verified(cached, owner.get());
	}

	private record Verified(IdentityCache.CachedToken token, UserRoles owner) {
	}

	/**
	 * A token's actor: in each environment its role is the token's role capped at the owner's role there. A scoped
	 * token's base role is at most {@code VIEWER} (it never manages global things) and it has no role outside its
	 * scope.
	 *
	 * @param scope the token's environments, {@code null} for every environment
	 */
	static Actor actorOf(String name, Role tokenRole, @Nullable Set<String> scope, UserRoles owner) {
		Role base = tokenRole.atMost(owner.base());
		if (scope != null) {
			base = base.atMost(Role.VIEWER);
		}
		Map<String, Role> environmentRoles = new HashMap<>();
		for (String environment : (scope != null) ? scope : owner.grants().keySet()) {
			Role role = tokenRole.atMost(owner.roleIn(environment));
			if (role != base) {
				environmentRoles.put(environment, role);
			}
		}
		return new Actor(Actor.Kind.TOKEN, name, base, environmentRoles, scope);
	}

}
