package io.opsdeck.identity.internal;

import java.util.Arrays;
import java.util.List;

import io.opsdeck.support.IntegrationTest;
import io.opsdeck.system.OpsdeckTransactionAttributes;
import org.aopalliance.aop.Advice;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.aop.Advisor;
import org.springframework.aop.PointcutAdvisor;
import org.springframework.aop.aspectj.annotation.AnnotationAwareAspectJAutoProxyCreator;
import org.springframework.aop.framework.Advised;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.support.SimpleJpaRepository;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.authorization.method.AuthorizationManagerAfterMethodInterceptor;
import org.springframework.security.authorization.method.AuthorizationManagerBeforeMethodInterceptor;
import org.springframework.security.authorization.method.PostFilterAuthorizationMethodInterceptor;
import org.springframework.security.authorization.method.PreFilterAuthorizationMethodInterceptor;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.transaction.interceptor.BeanFactoryTransactionAttributeSourceAdvisor;
import org.springframework.transaction.interceptor.TransactionInterceptor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@code @PreAuthorize} is live and uses the role hierarchy: ROLE_ADMIN alone passes {@code hasRole('VIEWER')}, a
 * VIEWER does not pass a class-level {@code hasRole('ADMIN')}. Its interceptor is the only method-security one on a
 * service, and there only once (io.opsdeck.identity.web.MethodSecurityConfiguration; issue 8, start-up).
 */
@IntegrationTest
class MethodSecurityIntegrationTests {

	@Autowired
	TokenService tokens;

	@Autowired
	AddressLockService addressLocks;

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

	@Test
	void aClassLevelAdminCheckDeniesAViewerAndPassesAnAdmin() {
		signIn("ROLE_VIEWER");
		assertThatExceptionOfType(AccessDeniedException.class).isThrownBy(() -> addressLocks.list());

		signIn("ROLE_ADMIN");
		assertThatCode(() -> addressLocks.list()).doesNotThrowAnyException();
	}

	@Test
	void theOnlyMethodSecurityInterceptorIsPreAuthorizeOnce() {
		assertThat(tokens).isInstanceOf(Advised.class);
		List<Advice> methodSecurity = Arrays.stream(((Advised) tokens).getAdvisors())
			.map(Advisor::getAdvice)
			.filter(advice -> advice instanceof AuthorizationManagerBeforeMethodInterceptor
					|| advice instanceof AuthorizationManagerAfterMethodInterceptor
					|| advice instanceof PreFilterAuthorizationMethodInterceptor
					|| advice instanceof PostFilterAuthorizationMethodInterceptor)
			.toList();

		assertThat(methodSecurity).hasSize(1);
		assertThat(((AuthorizationManagerBeforeMethodInterceptor) methodSecurity.get(0)).getOrder())
			.isEqualTo(AuthorizationManagerBeforeMethodInterceptor.preAuthorize().getOrder());
	}

	/**
	 * Without Boot's AspectJ auto-proxy creator ({@code spring.aop.auto=false}, issue 8, start-up, thirteenth round)
	 * a service is still a class proxy whose advice checks {@code @PreAuthorize} first, then opens the transaction.
	 */
	@Test
	void aServiceIsAClassProxyCheckingAccessBeforeItsTransaction(@Autowired ApplicationContext context) {
		assertThat(AopUtils.isCglibProxy(tokens)).isTrue();
		List<Class<?>> advice = Arrays.stream(((Advised) tokens).getAdvisors())
			.map(Advisor::getAdvice)
			.<Class<?>>map(Object::getClass)
			.filter(type -> type == AuthorizationManagerBeforeMethodInterceptor.class
					|| type == TransactionInterceptor.class)
			.toList();
		assertThat(advice).containsExactly(AuthorizationManagerBeforeMethodInterceptor.class,
				TransactionInterceptor.class);
		assertThat(context.getBeansOfType(AnnotationAwareAspectJAutoProxyCreator.class)).isEmpty();
	}

	/**
	 * The transaction and {@code @PreAuthorize} advisors look only at Opsdeck's classes (issue 8, start-up,
	 * seventeenth round): Spring Data's {@code SimpleJpaRepository} carries {@code @Transactional(readOnly = true)},
	 * which Spring's own attribute source takes, and Spring Security's {@code @PreAuthorize} pointcut matches any
	 * class before it looks at the methods. A repository proxy (a JDK proxy of an Opsdeck interface) still matches.
	 */
	@Test
	void theAdvisorsLookAtOpsdecksClassesOnly(@Autowired ApplicationContext context,
			@Autowired ApiTokenRepository repository) {
		assertThat(context.getBean("transactionAttributeSource")).isInstanceOf(OpsdeckTransactionAttributes.Source.class);
		Advisor transactions = context.getBean(BeanFactoryTransactionAttributeSourceAdvisor.class);
		assertThat(AopUtils.canApply(transactions, TokenService.class)).isTrue();
		assertThat(AopUtils.canApply(transactions, SimpleJpaRepository.class)).isFalse();

		PointcutAdvisor preAuthorize = (PointcutAdvisor) context.getBean("preAuthorizeAuthorizationMethodInterceptor");
		assertThat(AopUtils.canApply(preAuthorize, TokenService.class)).isTrue();
		assertThat(AopUtils.canApply(preAuthorize, AddressLockService.class)).isTrue();
		assertThat(preAuthorize.getPointcut().getClassFilter().matches(JdbcTemplate.class)).isFalse();
		assertThat(preAuthorize.getPointcut().getClassFilter().matches(repository.getClass())).isTrue();
	}

	private static void signIn(String authority) {
		SecurityContextHolder.getContext()
			.setAuthentication(UsernamePasswordAuthenticationToken.authenticated("admin", null,
					AuthorityUtils.createAuthorityList(authority)));
	}

}
