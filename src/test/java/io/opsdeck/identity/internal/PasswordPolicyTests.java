package io.opsdeck.identity.internal;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The password policy of the API and the pages. */
class PasswordPolicyTests {

	@Test
	void twelveToSeventyTwoCharactersAndAtMostSeventyTwoBytesOfUtf8() {
		assertThat(UserService.passwordProblem(null)).isNotNull();
		assertThat(UserService.passwordProblem("x".repeat(11))).isNotNull();
		assertThat(UserService.passwordProblem("x".repeat(12))).isNull();
		assertThat(UserService.passwordProblem("x".repeat(72))).isNull();
		assertThat(UserService.passwordProblem("x".repeat(73))).contains("at most 72 bytes in UTF-8");
		// bcrypt's limit is bytes: 24 euro signs are 72 bytes, 25 are 75
		assertThat(UserService.passwordProblem("\u20ac".repeat(24))).isNull();
		assertThat(UserService.passwordProblem("\u20ac".repeat(25))).isNotNull();
		// 88 characters (what `openssl rand -base64 64` prints) is refused with the reason, not a 500
		assertThat(UserService.passwordProblem("A".repeat(88))).startsWith("must be 12 to 72 characters");
	}

}
