package io.opsdeck.identity.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import io.opsdeck.identity.Role;
import io.opsdeck.shared.InvalidInputException;
import io.opsdeck.shared.NotFoundException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Lists, creates and revokes API tokens for the current caller. A signed-in user of any role manages their own
 * tokens; an ADMIN sees and revokes everyone's. A token never gets a role above its creator's, and a token created
 * by a token never outlives it.
 * <p>
 * A caller using a token acts with the token's effective role, never with its owner's: it sees and manages only
 * those of its owner's tokens whose role its effective role includes (an OPERATOR token cannot revoke its owner's
 * ADMIN token), and a VIEWER token, being read-only, may neither create nor revoke any token, itself included
 * (docs/security.md, "API tokens").
 */
@Service
public class TokenService {

	/** Allowed token names: 1 to 64 of letters, digits, space, dot, underscore, hyphen. */
	public static final String NAME_PATTERN = "[A-Za-z0-9 ._-]{1,64}";

	/** Environment names, as inventory allows them: lower-case letters, digits and hyphens, 1 to 63. */
	public static final String ENVIRONMENT_PATTERN = "^[a-z0-9][a-z0-9-]{0,62}$";

	/** What a malformed environment name is told. */
	public static final String ENVIRONMENT_MESSAGE = "each must be 1 to 63 lower-case letters, digits or hyphens, "
			+ "starting with a letter or digit";

	/** Most environments a token may be limited to. */
	public static final int MAX_ENVIRONMENTS = 50;

	/** Longest lifetime a token may be created with, in days. */
	public static final int MAX_EXPIRES_IN_DAYS = 3650;

	private static final Logger log = LoggerFactory.getLogger(TokenService.class);

	private final ApiTokenRepository tokens;

	private final IdentityChanges changes;

	private final Clock clock = Clock.systemUTC();

	TokenService(ApiTokenRepository tokens, IdentityChanges changes) {
		this.tokens = tokens;
		this.changes = changes;
	}

	/**
	 * @param pageable page, size and sort (entity property names)
	 * @return every token for an ADMIN, the caller's own tokens otherwise; for a token caller below ADMIN, those of
	 * its owner's tokens whose role its effective role includes
	 */
	@PreAuthorize("hasRole('VIEWER')")
	@Transactional(readOnly = true)
	public Page<TokenSummary> list(Pageable pageable) {
		Caller caller = Caller.current();
		Instant now = clock.instant();
		Page<ApiToken> page;
		if (caller.isAdmin()) {
			page = tokens.findAll(pageable);
		}
		else if (caller.isToken()) {
			page = tokens.findByOwnerAndRoleIn(caller.username(), rolesIncludedIn(caller.role()), pageable);
		}
		else {
			page = tokens.findByOwner(caller.username(), pageable);
		}
		return page.map(token -> token.summary(now));
	}

	/**
	 * Creates a token owned by the calling user (for a token caller: by that token's owner).
	 *
	 * @param name display name, matching {@link #NAME_PATTERN} (validated by the web layer)
	 * @param role the token's role; {@code null} means the caller's lowest role among the environments the token
	 * reaches (without a scope: the caller's base role)
	 * @param expiresInDays lifetime in days (1 to {@value #MAX_EXPIRES_IN_DAYS}), {@code null} for never
	 * @param environments the environments to limit the token to (names matching {@link #ENVIRONMENT_PATTERN}, at
	 * most {@value #MAX_ENVIRONMENTS}; they need not exist yet); {@code null} or empty for every environment
	 * @return the token with its value, which is not stored and cannot be shown again
	 * @throws AccessDeniedException when {@code role} is above the caller's role in an environment the token reaches
	 * (without a scope: above the caller's base role), or the caller is a VIEWER or scoped token
	 * @throws InvalidInputException ({@code expiresInDays}) when a token caller asks for a token that would outlive
	 * the calling token; ({@code environments}) for a malformed name or too many
	 */
	@PreAuthorize("hasRole('VIEWER')")
	@Transactional
	public IssuedToken create(String name, @Nullable Role role, @Nullable Integer expiresInDays,
			@Nullable Collection<String> environments) {
		Caller caller = Caller.current();
		requireWritingToken(caller, "create");
		Set<String> scope = scopeOf(environments);
		Role ceiling = caller.role();
		if (scope != null) {
			ceiling = Role.ADMIN;
			for (String environment : scope) {
				ceiling = ceiling.atMost(caller.actor().roleIn(environment).orElse(Role.VIEWER));
			}
		}
		Role granted = (role != null) ? role : ceiling;
		if (!ceiling.includes(granted)) {
			throw new AccessDeniedException("Your role allows tokens of at most the " + ceiling + " role"
					+ ((scope != null) ? " for these environments" : ""));
		}
		Instant now = clock.instant();
		Instant expiresAt = (expiresInDays != null) ? now.plus(Duration.ofDays(expiresInDays)) : null;
		Instant outlive = caller.tokenExpiresAt();
		if (outlive != null && (expiresAt == null || expiresAt.isAfter(outlive))) {
			throw new InvalidInputException("expiresInDays",
					"must not outlive the token creating it, which expires at " + outlive);
		}
		String value = TokenValues.generate();
		ApiToken token = tokens.save(new ApiToken(name, value, granted, caller.username(), now, expiresAt,
				(scope != null) ? scope : Set.of()));
		log.info("API token '{}' ({}) with role {} and scope {} created by {}", name, token.id(), granted,
				(scope != null) ? scope : "all", caller.actor().display());
		return new IssuedToken(token.summary(now), value);
	}

	/** @return the validated scope, or {@code null} for every environment */
	private static @Nullable Set<String> scopeOf(@Nullable Collection<String> environments) {
		if (environments == null || environments.isEmpty()) {
			return null;
		}
		if (environments.size() > MAX_ENVIRONMENTS) {
			throw new InvalidInputException("environments", "at most " + MAX_ENVIRONMENTS + " environments");
		}
		Set<String> scope = new TreeSet<>();
		for (String environment : environments) {
			if (environment == null || !environment.matches(ENVIRONMENT_PATTERN)) {
				throw new InvalidInputException("environments", ENVIRONMENT_MESSAGE);
			}
			scope.add(environment);
		}
		return scope;
	}

	/**
	 * Revokes a token; revoking a revoked token does nothing. The token is refused from the next request on, on this
	 * node and (as soon as the change's notice arrives) on every other node ({@link IdentityCache}).
	 *
	 * @throws AccessDeniedException when the caller is a VIEWER token, or a token whose effective role does not
	 * include the role of the token to revoke
	 * @throws NotFoundException when the token does not exist or belongs to someone else and the caller is no ADMIN
	 */
	@PreAuthorize("hasRole('VIEWER')")
	@Transactional
	public void revoke(UUID id) {
		Caller caller = Caller.current();
		requireWritingToken(caller, "revoke");
		ApiToken token = tokens.findById(id)
			.filter(candidate -> caller.isAdmin() || candidate.owner().equals(caller.username()))
			.orElseThrow(() -> new NotFoundException("token", id));
		if (caller.isToken() && !caller.role().includes(token.role())) {
			throw new AccessDeniedException("A " + caller.role() + " token cannot revoke a " + token.role() + " token");
		}
		if (tokens.revoke(token.id(), clock.instant()) == 1) {
			changes.changed(token.owner());
			log.info("API token '{}' ({}) revoked by {}", token.name(), token.id(), caller.actor().display());
		}
	}

	/**
	 * Read-only means no change: a VIEWER token may not create or revoke tokens, nor may a scoped token (its base
	 * role is at most VIEWER). A signed-in VIEWER may.
	 */
	private static void requireWritingToken(Caller caller, String action) {
		if (caller.isToken() && caller.role() == Role.VIEWER) {
			throw new AccessDeniedException("A VIEWER token (a scoped token counts as VIEWER here) is read-only and cannot "
					+ action + " tokens");
		}
	}

	private static List<Role> rolesIncludedIn(Role role) {
		return Arrays.stream(Role.values()).filter(role::includes).toList();
	}

}
