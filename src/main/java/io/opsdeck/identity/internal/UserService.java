package io.opsdeck.identity.internal;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.opsdeck.identity.Actors;
import io.opsdeck.identity.Role;
import io.opsdeck.shared.ConflictException;
import io.opsdeck.shared.InvalidInputException;
import io.opsdeck.shared.NotFoundException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Users and their per-environment grants, for ADMINs (issue 7, "Access"). Every change takes effect on the next
 * request on this node and, as soon as its notice arrives, on the others ({@link IdentityChanges}). Passwords are hashed with the
 * {@code DelegatingPasswordEncoder}; no method returns a hash. The last enabled ADMIN can be neither disabled,
 * demoted nor deleted ({@link ConflictException}, a 409), checked under a row lock on the enabled ADMINs so that two
 * concurrent changes cannot both pass.
 */
@Service
@PreAuthorize("hasRole('ADMIN')")
public class UserService {

	/** User names: a letter or digit, then letters, digits, dot, underscore, at, hyphen; 1 to 64 in all. */
	public static final String USERNAME_PATTERN = "^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$";

	/** Shortest password accepted when creating a user or resetting a password, in characters. */
	public static final int MIN_PASSWORD = 12;

	/**
	 * Longest password accepted, in characters and in bytes of UTF-8: bcrypt (the hash) reads at most 72 bytes, and
	 * Spring Security's encoder refuses more rather than ignore the rest (breaker, round 7: 73+ bytes were a 500).
	 */
	public static final int MAX_PASSWORD = 72;

	private static final Logger log = LoggerFactory.getLogger(UserService.class);

	private final UserAccountRepository users;

	private final ApiTokenRepository tokens;

	private final GrantStore grants;

	private final PasswordEncoder passwordEncoder;

	private final LoginThrottle throttle;

	private final JdbcClient jdbc;

	private final IdentityChanges changes;

	private final Clock clock = Clock.systemUTC();

	UserService(UserAccountRepository users, ApiTokenRepository tokens, GrantStore grants,
			PasswordEncoder passwordEncoder, LoginThrottle throttle, JdbcClient jdbc, IdentityChanges changes) {
		this.changes = changes;
		this.users = users;
		this.tokens = tokens;
		this.grants = grants;
		this.passwordEncoder = passwordEncoder;
		this.throttle = throttle;
		this.jdbc = jdbc;
	}

	/** @return every user with their grants, by user name */
	@Transactional(readOnly = true)
	public List<UserSummary> list() {
		Map<String, List<GrantSummary>> byUser = grants.all()
			.stream()
			.collect(Collectors.groupingBy(GrantSummary::username));
		return users.findAllByOrderByUsernameAsc()
			.stream()
			.map(user -> summary(user, byUser.getOrDefault(user.username(), List.of())))
			.toList();
	}

	/** @throws NotFoundException when no such user exists */
	@Transactional(readOnly = true)
	public UserSummary get(String username) {
		UserAccount user = find(username);
		return summary(user, grants.of(user.username()));
	}

	/**
	 * @param username matching {@link #USERNAME_PATTERN}
	 * @param password {@value #MIN_PASSWORD} to {@value #MAX_PASSWORD} characters
	 * @param role the base role
	 * @throws InvalidInputException ({@code username}, {@code password}, {@code role}) on bad input
	 * @throws ConflictException when the user name is taken, ignoring case ({@code Admin} beside {@code admin} would be
	 * a lookalike in the audit log and among token owners)
	 */
	@Transactional
	public UserSummary create(@Nullable String username, @Nullable String password, @Nullable Role role) {
		if (username == null || !username.matches(USERNAME_PATTERN)) {
			throw new InvalidInputException("username",
					"must be 1 to 64 letters, digits, dots, underscores, @ or hyphens, starting with a letter or digit");
		}
		requirePassword(password);
		if (role == null) {
			throw new InvalidInputException("role", "must be VIEWER, OPERATOR or ADMIN");
		}
		if (users.existsByUsernameIgnoreCase(username)) {
			throw new ConflictException("User '" + username + "' exists (user names are unique ignoring case)");
		}
		UserAccount user = new UserAccount(username, passwordEncoder.encode(password), role, clock.instant());
		try {
			users.saveAndFlush(user);
		}
		catch (DataIntegrityViolationException ex) {
			throw new ConflictException("User '" + username + "' exists");
		}
		log.info("User '{}' ({}) created by {}", username, role, Actors.current().display());
		return summary(user, List.of());
	}

	/**
	 * Changes what is given and leaves the rest.
	 *
	 * @param role new base role, or {@code null}
	 * @param enabled enable or disable, or {@code null}
	 * @param password new password ({@value #MIN_PASSWORD} to {@value #MAX_PASSWORD} characters), or {@code null}
	 * @throws NotFoundException when no such user exists
	 * @throws ConflictException when this would leave no enabled ADMIN
	 * @throws InvalidInputException ({@code password}) for a password outside the policy
	 */
	@Transactional
	public UserSummary update(String username, @Nullable Role role, @Nullable Boolean enabled,
			@Nullable String password) {
		if (password != null) {
			requirePassword(password);
		}
		UserAccount user = find(username);
		boolean staysAdmin = (role == null ? user.role() : role) == Role.ADMIN
				&& (enabled == null ? user.enabled() : enabled);
		if (!staysAdmin) {
			requireAnotherAdmin(user);
		}
		if (role != null) {
			user.changeRole(role);
		}
		if (enabled != null) {
			user.changeEnabled(enabled);
		}
		if (password != null) {
			user.changePasswordHash(passwordEncoder.encode(password));
		}
		users.saveAndFlush(user);
		changes.changed(username);
		log.info("User '{}' updated by {}: role {}, enabled {}{}", username, Actors.current().display(), user.role(),
				user.enabled(), (password != null) ? ", password reset" : "");
		return summary(user, grants.of(username));
	}

	/**
	 * Deletes the user, their grants, and revokes their API tokens (so a later user of the same name does not
	 * inherit them).
	 *
	 * @throws NotFoundException when no such user exists
	 * @throws ConflictException for the last enabled ADMIN
	 */
	@Transactional
	public void delete(String username) {
		UserAccount user = find(username);
		requireAnotherAdmin(user);
		tokens.revokeAllOf(username, clock.instant());
		users.delete(user);
		users.flush();
		changes.changed(username);
		log.info("User '{}' deleted by {}", username, Actors.current().display());
	}

	/** @throws NotFoundException when no such user exists */
	@Transactional(readOnly = true)
	public List<GrantSummary> grants(String username) {
		return grants.of(find(username).username());
	}

	/**
	 * Grants {@code role} in {@code environment}, replacing an earlier grant there. The environment need not exist
	 * (grants are kept by name; see docs/security.md).
	 *
	 * @throws NotFoundException when no such user exists
	 * @throws InvalidInputException ({@code environment}, {@code role}) on bad input
	 */
	@Transactional
	public GrantSummary grant(String username, String environment, @Nullable Role role) {
		if (environment == null || !environment.matches(TokenService.ENVIRONMENT_PATTERN)) {
			throw new InvalidInputException("environment", "must be 1 to 63 lower-case letters, digits or hyphens, "
					+ "starting with a letter or digit");
		}
		if (role == null) {
			throw new InvalidInputException("role", "must be VIEWER, OPERATOR or ADMIN");
		}
		find(username);
		GrantSummary grant = grants.put(username, environment, role, Actors.current().display(), clock.instant());
		changes.changed(username);
		log.info("User '{}' granted {} in '{}' by {}", username, role, environment, Actors.current().display());
		return grant;
	}

	/**
	 * @throws NotFoundException when the user or the grant does not exist
	 */
	@Transactional
	public void revokeGrant(String username, String environment) {
		find(username);
		if (!grants.delete(username, environment)) {
			throw new NotFoundException("grant", username + "/" + environment);
		}
		changes.changed(username);
		log.info("User '{}' grant in '{}' revoked by {}", username, environment, Actors.current().display());
	}

	/**
	 * Lifts a sign-in lock-out of the user name now.
	 *
	 * @throws NotFoundException when no such user exists
	 */
	@Transactional
	public void unlock(String username) {
		find(username);
		throttle.unlock(username);
		log.info("User '{}' unlocked by {}", username, Actors.current().display());
	}

	private UserAccount find(String username) {
		return users.findByUsername(username).orElseThrow(() -> new NotFoundException("user", username));
	}

	/** Locks the enabled ADMIN rows, then refuses when {@code user} is the only one. */
	private void requireAnotherAdmin(UserAccount user) {
		if (user.role() != Role.ADMIN || !user.enabled()) {
			return;
		}
		List<String> admins = jdbc.sql("select username from users where role = 'ADMIN' and enabled for update")
			.query(String.class)
			.list();
		if (admins.stream().noneMatch(admin -> !admin.equals(user.username()))) {
			throw new ConflictException("'" + user.username() + "' is the last enabled ADMIN: make another user an "
					+ "ADMIN first");
		}
	}

	private static void requirePassword(@Nullable String password) {
		String problem = passwordProblem(password);
		if (problem != null) {
			throw new InvalidInputException("password", problem);
		}
	}

	/**
	 * The password policy of users created or reset through the API and the pages: {@value #MIN_PASSWORD} to
	 * {@value #MAX_PASSWORD} characters and at most {@value #MAX_PASSWORD} bytes in UTF-8.
	 * @param password a password, or {@code null}
	 * @return what is wrong with it ("must be ..."), or {@code null} when it is acceptable
	 */
	static @Nullable String passwordProblem(@Nullable String password) {
		if (password == null || password.length() < MIN_PASSWORD
				|| password.getBytes(StandardCharsets.UTF_8).length > MAX_PASSWORD) {
			return "must be " + MIN_PASSWORD + " to " + MAX_PASSWORD + " characters, at most " + MAX_PASSWORD
					+ " bytes in UTF-8 (bcrypt's limit)";
		}
		return null;
	}

	private UserSummary summary(UserAccount user, List<GrantSummary> userGrants) {
		return new UserSummary(user.username(), user.role(), user.enabled(), user.createdAt(), userGrants,
				throttle.lockedUntil(user.username()));
	}


}
