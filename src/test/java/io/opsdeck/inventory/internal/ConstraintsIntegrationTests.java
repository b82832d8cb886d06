package io.opsdeck.inventory.internal;

import java.time.Instant;
import java.util.UUID;

import io.opsdeck.shared.Constraints;
import io.opsdeck.shared.InvalidInputException;
import io.opsdeck.shared.NotFoundException;
import io.opsdeck.support.IntegrationTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataIntegrityViolationException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Only a real unique or foreign key violation becomes a 409 or a field error: other errors that Spring also reports
 * as {@link DataIntegrityViolationException} (PostgreSQL refusing a NUL character) must not read as "already
 * exists". Checked against what the real database and driver throw.
 */
@IntegrationTest
class ConstraintsIntegrationTests {

	@Autowired
	EnvironmentRepository repository;

	@Autowired
	EnvironmentService environments;

	@Autowired
	io.opsdeck.inventory.Inventory inventory;

	@Test
	void aDuplicateNameIsTheUniqueConstraintByName() {
		String name = "dup-" + UUID.randomUUID().toString().substring(0, 8);
		this.environments.create(spec(name, null));

		DataIntegrityViolationException ex = catchThrowableOfType(DataIntegrityViolationException.class,
				() -> this.repository.saveAndFlush(new EnvironmentEntity(spec(name, null), Instant.now())));

		assertThat(Constraints.violated(ex, Constraints.UNIQUE, "environments_name_key")).isTrue();
		assertThat(Constraints.violated(ex, Constraints.FOREIGN_KEY, "environments_name_key")).isFalse();
		assertThat(Constraints.violated(ex, Constraints.UNIQUE, "servers_name_key")).isFalse();
	}

	@Test
	void aNulCharacterIsNoDuplicate() {
		String name = "nul-" + UUID.randomUUID().toString().substring(0, 8);

		DataIntegrityViolationException ex = catchThrowableOfType(DataIntegrityViolationException.class,
				() -> this.repository.saveAndFlush(new EnvironmentEntity(spec(name, "a\u0000b"), Instant.now())));

		assertThat(ex).as("PostgreSQL refuses NUL, and Spring calls that a data integrity violation").isNotNull();
		assertThat(Constraints.violated(ex, Constraints.UNIQUE, "environments_name_key")).isFalse();
	}

	@Test
	void theServiceRefusesControlCharactersBeforeTheDatabaseSeesThem() {
		String name = "ctl-" + UUID.randomUUID().toString().substring(0, 8);

		assertThatThrownBy(() -> this.environments.create(spec(name, "a\u0000b")))
			.isInstanceOf(InvalidInputException.class)
			.hasFieldOrPropertyWithValue("field", "description");
		assertThatThrownBy(() -> this.environments.get("a\u0000b")).isInstanceOf(NotFoundException.class);
		assertThat(this.inventory.findEnvironment("a\u0000b")).isEmpty();
		assertThatThrownBy(() -> this.inventory.serversOf("a\u0000b")).isInstanceOf(NotFoundException.class);
		assertThatThrownBy(() -> this.environments.create(spec("all", null))).isInstanceOf(InvalidInputException.class)
			.hasFieldOrPropertyWithValue("field", "name");
	}

	private static EnvironmentSpec spec(String name, String description) {
		return new EnvironmentSpec(name, "staging", "aws", "us-east-1", description);
	}

}
