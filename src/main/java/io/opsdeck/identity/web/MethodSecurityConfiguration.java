package io.opsdeck.identity.web;

import java.util.List;

import io.opsdeck.shared.OpsdeckAdvisedClasses;
import org.aopalliance.intercept.MethodInterceptor;

import org.springframework.aop.support.ComposablePointcut;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.support.BeanDefinitionRegistryPostProcessor;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Role;
import org.springframework.security.access.expression.method.DefaultMethodSecurityExpressionHandler;
import org.springframework.security.access.expression.method.MethodSecurityExpressionHandler;
import org.springframework.security.access.hierarchicalroles.RoleHierarchy;
import org.springframework.security.authorization.method.AuthorizationManagerBeforeMethodInterceptor;
import org.springframework.security.authorization.method.PreAuthorizeAuthorizationManager;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;

/**
 * Method security: {@code @PreAuthorize}, the one method-security annotation Opsdeck uses, with the role hierarchy
 * ADMIN &gt; OPERATOR &gt; VIEWER ({@link SecurityConfiguration#roleHierarchy()}).
 * <p>
 * Only its interceptor is registered, under the bean name Spring Security's own configuration uses (its
 * {@code MethodSecurityAdvisorRegistrar} makes it the advisor), as Spring Security's reference describes for
 * applications that publish their interceptors themselves. {@code @EnableMethodSecurity}'s default also registers
 * post-authorize, pre-filter and post-filter, and at start-up every advisor checks every method of every bean (~1,200
 * beans) for its annotation: issue 8, start-up (docs/benchmarks.md, "7. Start-up, twelfth round"). Those three
 * annotations would therefore be ignored here: {@code StartupWorkTests} fails if any class uses one.
 * <p>
 * {@code @EnableMethodSecurity} also imports {@code @AuthorizeReturnObject}'s interceptor and advisor whatever its
 * attributes; Opsdeck does not use that annotation, and its advisor was about half of the advisors' matching at
 * start-up ({@link #withoutAuthorizeReturnObject()}; issue 8, "7. Start-up, fifteenth round").
 */
@Configuration(proxyBeanMethods = false)
@EnableMethodSecurity(prePostEnabled = false)
class MethodSecurityConfiguration {

	/**
	 * The {@code @PreAuthorize} interceptor, configured as {@code @EnableMethodSecurity} configures its own: expressions
	 * see the role hierarchy and the application context (bean references); a
	 * {@link MethodSecurityExpressionHandler} bean, where one exists, replaces the default handler. Its pointcut is
	 * Spring Security's for {@code @PreAuthorize} (on the method or its class), matched only on Opsdeck's classes
	 * ({@link OpsdeckAdvisedClasses}: no other code carries the annotation, and at start-up the pointcut is matched
	 * against every method of every bean; issue 8, "7. Start-up, seventeenth round").
	 */
	@Bean
	@Role(BeanDefinition.ROLE_INFRASTRUCTURE)
	static MethodInterceptor preAuthorizeAuthorizationMethodInterceptor(ObjectProvider<RoleHierarchy> roleHierarchy,
			ObjectProvider<MethodSecurityExpressionHandler> expressionHandler, ApplicationContext context) {
		PreAuthorizeAuthorizationManager manager = new PreAuthorizeAuthorizationManager();
		manager.setExpressionHandler(expressionHandler.getIfUnique(() -> {
			DefaultMethodSecurityExpressionHandler handler = new DefaultMethodSecurityExpressionHandler();
			roleHierarchy.ifUnique(handler::setRoleHierarchy);
			handler.setApplicationContext(context);
			return handler;
		}));
		manager.setApplicationContext(context);
		AuthorizationManagerBeforeMethodInterceptor spring = AuthorizationManagerBeforeMethodInterceptor.preAuthorize(manager);
		AuthorizationManagerBeforeMethodInterceptor interceptor = new AuthorizationManagerBeforeMethodInterceptor(
				new ComposablePointcut(OpsdeckAdvisedClasses.INSTANCE).intersection(spring.getPointcut()), manager);
		interceptor.setOrder(spring.getOrder());
		return interceptor;
	}

	/**
	 * Removes {@code @AuthorizeReturnObject}'s interceptor and the advisor Spring Security's
	 * {@code MethodSecurityAdvisorRegistrar} wraps it in, both registered by {@code @EnableMethodSecurity} regardless
	 * of its attributes. Every advisor's pointcut is matched against every method of every bean at start-up; this one
	 * would only act on {@code @AuthorizeReturnObject}, which no class in Opsdeck uses ({@code StartupWorkTests}
	 * fails if one does, since it would be ignored). Spring AOT runs this at build time, so the AOT registrations do
	 * not hold the two beans; at run time there is then nothing left to remove.
	 */
	@Bean
	@Role(BeanDefinition.ROLE_INFRASTRUCTURE)
	static BeanDefinitionRegistryPostProcessor withoutAuthorizeReturnObject() {
		return (registry) -> {
			for (String name : AUTHORIZE_RETURN_OBJECT_BEANS) {
				if (registry.containsBeanDefinition(name)) {
					registry.removeBeanDefinition(name);
				}
			}
		};
	}

	/**
	 * The bean names of {@code @AuthorizeReturnObject}'s advisor and interceptor, as Spring Security's
	 * {@code AuthorizationProxyConfiguration} and {@code MethodSecurityAdvisorRegistrar} register them.
	 */
	static final List<String> AUTHORIZE_RETURN_OBJECT_BEANS = List.of("authorizeReturnObjectAdvisor",
			"authorizeReturnObjectMethodInterceptor");

}
