package io.opsdeck.patching.internal;

import io.opsdeck.identity.Actor;
import io.opsdeck.identity.Role;
import io.opsdeck.shared.InvalidInputException;
import org.junit.jupiter.api.Test;

import org.springframework.security.access.AccessDeniedException;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The environment policy of the seed's "Security Updates" section. */
class PatchPolicyTests {

	private static final Actor SCHEDULE = new Actor(Actor.Kind.SCHEDULE, "monthly security", Role.OPERATOR);

	private static final Actor OPERATOR = new Actor(Actor.Kind.TOKEN, "ci", Role.OPERATOR);

	private static final Actor ADMIN = new Actor(Actor.Kind.USER, "admin", Role.ADMIN);

	@Test
	void developmentGetsNoAutomaticUpdatesButManualOnes() {
		assertThatThrownBy(() -> PatchPolicy.check("dev", "development", SCHEDULE))
			.isInstanceOfSatisfying(InvalidInputException.class,
					ex -> org.assertj.core.api.Assertions.assertThat(ex.field()).isEqualTo("environment"))
			.hasMessageContaining("no automatic updates");
		assertThatCode(() -> PatchPolicy.check("dev", "development", OPERATOR)).doesNotThrowAnyException();
	}

	@Test
	void stagingTakesEveryone() {
		assertThatCode(() -> PatchPolicy.check("staging", "staging", SCHEDULE)).doesNotThrowAnyException();
		assertThatCode(() -> PatchPolicy.check("staging", "staging", OPERATOR)).doesNotThrowAnyException();
	}

	@Test
	void productionRunsOnlyFromItsScheduleOrByAnAdmin() {
		assertThatThrownBy(() -> PatchPolicy.check("prod", "production", OPERATOR))
			.isInstanceOf(AccessDeniedException.class)
			.hasMessageContaining("only by its schedule or by an admin");
		assertThatCode(() -> PatchPolicy.check("prod", "production", SCHEDULE)).doesNotThrowAnyException();
		assertThatCode(() -> PatchPolicy.check("prod", "production", ADMIN)).doesNotThrowAnyException();
	}

}
