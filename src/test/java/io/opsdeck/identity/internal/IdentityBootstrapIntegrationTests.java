package io.opsdeck.identity.internal;

import java.time.Instant;

import io.opsdeck.identity.Role;
import io.opsdeck.support.IntegrationTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.crypto.password.PasswordEncoder;

import static org.assertj.core.api.Assertions.assertThat;

/** The start-up bootstrap against the real database: idempotent on restart, and a lost race is not an error. */
@IntegrationTest
class IdentityBootstrapIntegrationTests {

	@Autowired
	IdentityBootstrap bootstrap;

	@Autowired
	UserAccountRepository users;

	@Autowired
	PasswordEncoder passwordEncoder;

	@Autowired
	JdbcTemplate jdbc;

	@Test
	void firstStartCreatedTheAdminWithTheConfiguredPasswordAndTheBootstrapToken() {
		UserAccount admin = users.findByUsername("admin").orElseThrow();
		assertThat(admin.role()).isEqualTo(Role.ADMIN);
		assertThat(admin.passwordHash()).startsWith("{bcrypt}");
		assertThat(passwordEncoder.matches(IntegrationTest.ADMIN_PASSWORD, admin.passwordHash())).isTrue();
		assertThat(jdbc.queryForObject("select name || ':' || role || ':' || owner from api_tokens where token_hash = ?",
				String.class, TokenValues.hash(IntegrationTest.ADMIN_TOKEN)))
			.isEqualTo("bootstrap:ADMIN:admin");
	}

	@Test
	void runningAgainChangesNothing() {
		long usersBefore = users.count();

		assertThat(bootstrap.createFirstAdmin()).isFalse();
		assertThat(bootstrap.createBootstrapToken()).isFalse();

		assertThat(users.count()).isEqualTo(usersBefore);
		assertThat(jdbc.queryForObject("select count(*) from api_tokens where name = 'bootstrap'", Integer.class))
			.isEqualTo(1);
	}

	@Test
	void theNodeThatLosesTheRaceForTheAdminMovesOn() {
		UserAccount late = new UserAccount("admin", passwordEncoder.encode("other"), Role.ADMIN, Instant.now());

		assertThat(bootstrap.insertUser(late)).isFalse();

		UserAccount admin = users.findByUsername("admin").orElseThrow();
		assertThat(admin.id()).isNotEqualTo(late.id());
		assertThat(passwordEncoder.matches(IntegrationTest.ADMIN_PASSWORD, admin.passwordHash())).isTrue();
	}

}
