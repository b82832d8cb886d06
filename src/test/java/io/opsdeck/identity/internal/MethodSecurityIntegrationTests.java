package io.opsdeck.identity.internal;

import io.opsdeck.support.IntegrationTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.domain.Pageable;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.context.SecurityContextHolder;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** {@code @PreAuthorize} is live and uses the role hierarchy: ROLE_ADMIN alone passes {@code hasRole('VIEWER')}. */
@IntegrationTest
class MethodSecurityIntegrationTests {

	@Autowired
	TokenService tokens;

	@AfterEach
	void clear() {
		SecurityContextHolder.clearContext();
	}

	@Test
	void anAdminPassesAViewerCheck() {
		signIn("ROLE_ADMIN");

		assertThatCode(() -> tokens.list(Pageable.ofSize(1))).doesNotThrowAnyException();
	}

	@Test
	void anAuthenticationWithoutARoleIsDenied() {
		signIn("FACTOR_PASSWORD");

		assertThatExceptionOfType(AccessDeniedException.class).isThrownBy(() -> tokens.list(Pageable.ofSize(1)));
	}

	private static void signIn(String authority) {
		SecurityContextHolder.getContext()
			.setAuthentication(UsernamePasswordAuthenticationToken.authenticated("admin", null,
					AuthorityUtils.createAuthorityList(authority)));
	}

}
