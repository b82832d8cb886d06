package io.opsdeck.identity.internal;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Base64;

import io.opsdeck.identity.Role;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Creates the first {@code admin} and the CI bootstrap token at start-up, before the web server accepts requests.
 * Idempotent: the admin only when {@code users} is empty, the token only when its hash is absent (so a revoked
 * bootstrap token stays revoked). Two nodes starting at once race on the unique constraints; the loser catches the
 * duplicate and moves on.
 */
@Component
class IdentityBootstrap implements SmartInitializingSingleton {

	static final String ADMIN = "admin";

	static final String BOOTSTRAP_TOKEN_NAME = "bootstrap";

	private static final Logger log = LoggerFactory.getLogger(IdentityBootstrap.class);

	private final UserAccountRepository users;

	private final ApiTokenRepository tokens;

	private final PasswordEncoder passwordEncoder;

	private final IdentityProperties properties;

	private final TransactionTemplate transaction;

	IdentityBootstrap(UserAccountRepository users, ApiTokenRepository tokens, PasswordEncoder passwordEncoder,
			IdentityProperties properties, PlatformTransactionManager transactionManager) {
		this.users = users;
		this.tokens = tokens;
		this.passwordEncoder = passwordEncoder;
		this.properties = properties;
		this.transaction = new TransactionTemplate(transactionManager);
	}

	@Override
	public void afterSingletonsInstantiated() {
		createFirstAdmin();
		createBootstrapToken();
	}

	/** @return whether this call created the admin */
	boolean createFirstAdmin() {
		if (users.anyExists()) {
			return false;
		}
		boolean generated = !properties.hasAdminPassword();
		String password = generated ? randomPassword() : properties.adminPassword();
		// only bcrypt's 72 bytes stop the start (the encoder refuses more); a configured password shorter than the
		// pages' 12 characters (the quick start's `change-me`) is still taken, as it always was, with a warning
		if (password.getBytes(StandardCharsets.UTF_8).length > UserService.MAX_PASSWORD) {
			throw new IllegalStateException("opsdeck.admin-password (env OPSDECK_ADMIN_PASSWORD) must be at most "
					+ UserService.MAX_PASSWORD + " bytes in UTF-8 (bcrypt's limit); no user was created");
		}
		if (password.length() < UserService.MIN_PASSWORD) {
			log.warn("opsdeck.admin-password is shorter than {} characters: change it on the /users page",
					UserService.MIN_PASSWORD);
		}
		UserAccount admin = new UserAccount(ADMIN, passwordEncoder.encode(password), Role.ADMIN, Instant.now());
		if (!insertUser(admin)) {
			log.info("User '{}' was created concurrently by another node", ADMIN);
			return false;
		}
		if (generated) {
			printPasswordBanner(password);
		}
		else {
			log.info("Created user '{}' with the password from opsdeck.admin-password", ADMIN);
		}
		return true;
	}

	/** @return whether this call created the bootstrap token */
	boolean createBootstrapToken() {
		if (!properties.hasBootstrapToken()) {
			return false;
		}
		String value = properties.bootstrapToken();
		if (value.length() < TokenValues.MIN_BOOTSTRAP_LENGTH || !TokenValues.isWellFormed(value)) {
			throw new IllegalStateException("opsdeck.bootstrap-token must be " + TokenValues.MIN_BOOTSTRAP_LENGTH
					+ " to " + TokenValues.MAX_LENGTH + " characters of A-Z a-z 0-9 - . _ ~ + /");
		}
		if (tokens.existsByTokenHash(TokenValues.hash(value))) {
			return false;
		}
		ApiToken token = new ApiToken(BOOTSTRAP_TOKEN_NAME, value, Role.ADMIN, ADMIN, Instant.now(), null,
				java.util.Set.of());
		if (!insert(() -> tokens.saveAndFlush(token))) {
			return false;
		}
		log.info("Created ADMIN API token '{}' from opsdeck.bootstrap-token", BOOTSTRAP_TOKEN_NAME);
		if (users.findByUsername(ADMIN).isEmpty()) {
			log.warn("API token '{}' belongs to user '{}', who does not exist: the token will be rejected",
					BOOTSTRAP_TOKEN_NAME, ADMIN);
		}
		return true;
	}

	/**
	 * @return {@code true} if the user was inserted, {@code false} if the user name exists (e.g. another node
	 * created it a moment ago)
	 */
	boolean insertUser(UserAccount user) {
		return insert(() -> users.saveAndFlush(user));
	}

	private boolean insert(Runnable insert) {
		try {
			transaction.executeWithoutResult(status -> insert.run());
			return true;
		}
		catch (DataIntegrityViolationException ex) {
			if (isUniqueViolation(ex)) {
				return false;
			}
			throw ex;
		}
	}

	/** @return whether the database refused a duplicate (SQL state 23505), not any other data error */
	private static boolean isUniqueViolation(DataIntegrityViolationException ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof SQLException sql && sql.getSQLState() != null) {
				return "23505".equals(sql.getSQLState());
			}
		}
		return false;
	}

	private static String randomPassword() {
		byte[] bytes = new byte[18];
		new SecureRandom().nextBytes(bytes);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

	/** The one place Opsdeck logs a secret, on purpose: nobody could sign in otherwise. */
	private static void printPasswordBanner(String password) {
		log.warn("""


				****************************************************************
				  Opsdeck created the first user.

				      user name: {}
				      password:  {}

				  This password is shown only once. Sign in and keep it safe,
				  or set OPSDECK_ADMIN_PASSWORD before the first start.
				****************************************************************
				""", ADMIN, password);
	}

}
