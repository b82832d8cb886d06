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
import org.springframework.transaction.annotation.Transactional;

/**
 * Checks a token value against the database: known hash, not revoked, not expired, owner present and enabled. The
 * effective role is the token's role capped at the owner's current role in each environment (base role and grants,
 * read per request), so demoting a user or revoking a grant demotes their tokens at once. Records the use at most once per {@link #TOUCH_INTERVAL}.
 */
@Component
public class TokenAuthenticator {

	/** How stale {@code last_used_at} may get: one write per token per minute at most. */
	static final Duration TOUCH_INTERVAL = Duration.ofMinutes(1);

	private static final Logger log = LoggerFactory.getLogger(TokenAuthenticator.class);

	private final ApiTokenRepository tokens;

	private final ActorLoader actors;

	private final Clock clock = Clock.systemUTC();

	TokenAuthenticator(ApiTokenRepository tokens, ActorLoader actors) {
		this.tokens = tokens;
		this.actors = actors;
	}

	/**
	 * @param value the token value from the request
	 * @return the authentication, or empty when the token must be rejected (the reason is logged at debug, by token
	 * id, never with the value)
	 */
	@Transactional
	Optional<ApiTokenAuthentication> authenticate(String value) {
		Instant now = clock.instant();
		Optional<ApiToken> found = tokens.findByTokenHash(TokenValues.hash(value));
		if (found.isEmpty()) {
			log.debug("Rejected an unknown API token");
			return Optional.empty();
		}
		ApiToken token = found.get();
		if (!token.isUsableAt(now)) {
			log.debug("Rejected API token {}: revoked or expired", token.id());
			return Optional.empty();
		}
		Optional<UserRoles> owner = actors.load(token.owner());
		if (owner.isEmpty()) {
			log.debug("Rejected API token {}: owner '{}' is disabled or removed", token.id(), token.owner());
			return Optional.empty();
		}
		Instant threshold = now.minus(TOUCH_INTERVAL);
		if (token.lastUseOlderThan(threshold)) {
			tokens.touch(token.id(), now, threshold);
		}
		Actor actor = actorOf(token.name(), token.role(), token.scope(), owner.get());
		return Optional.of(new ApiTokenAuthentication(actor, token.id(), token.owner(), token.expiresAt()));
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
