package io.opsdeck.identity;

import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class ActorsTests {

	@AfterEach
	void clear() {
		SecurityContextHolder.clearContext();
	}

	@Test
	void aSignedInUserIsAUserActorWithTheirHighestRole() {
		SecurityContextHolder.getContext()
			.setAuthentication(UsernamePasswordAuthenticationToken.authenticated("olivia", null,
					AuthorityUtils.createAuthorityList("FACTOR_PASSWORD", "ROLE_VIEWER", "ROLE_OPERATOR")));

		assertThat(Actors.current()).isEqualTo(new Actor(Actor.Kind.USER, "olivia", Role.OPERATOR));
		assertThat(Actors.current().display()).isEqualTo("user:olivia");
	}

	@Test
	void anAuthenticationWhosePrincipalIsAnActorIsThatActor() {
		Actor token = new Actor(Actor.Kind.TOKEN, "ci", Role.VIEWER);
		TestingAuthenticationToken authentication = new TestingAuthenticationToken(token, null, "ROLE_VIEWER");
		authentication.setAuthenticated(true);
		SecurityContextHolder.getContext().setAuthentication(authentication);

		assertThat(Actors.current()).isSameAs(token);
	}

	@Test
	void nobodyOrAnonymousIsAnError() {
		assertThatIllegalStateException().isThrownBy(Actors::current);
		assertThat(Actors.find()).isEmpty();

		SecurityContextHolder.getContext()
			.setAuthentication(new AnonymousAuthenticationToken("key", "anonymousUser",
					List.of(new SimpleGrantedAuthority("ROLE_ANONYMOUS"))));

		assertThatIllegalStateException().isThrownBy(Actors::current);
	}

	@Test
	void aUserWithoutAnOpsdeckRoleIsAnError() {
		SecurityContextHolder.getContext()
			.setAuthentication(UsernamePasswordAuthenticationToken.authenticated("x", null,
					AuthorityUtils.createAuthorityList("FACTOR_PASSWORD")));

		assertThatIllegalStateException().isThrownBy(Actors::current).withMessageContaining("no Opsdeck role");
	}

	@Test
	void roleCapsAndAuthorities() {
		assertThat(Role.ADMIN.atMost(Role.OPERATOR)).isEqualTo(Role.OPERATOR);
		assertThat(Role.VIEWER.atMost(Role.ADMIN)).isEqualTo(Role.VIEWER);
		assertThat(Role.fromAuthority("ROLE_ADMIN")).contains(Role.ADMIN);
		assertThat(Role.fromAuthority("ADMIN")).isEmpty();
	}

}
