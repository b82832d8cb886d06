package io.opsdeck.audit.web;

import io.opsdeck.audit.internal.AuditWriter;
import io.opsdeck.identity.EnvironmentResolver;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Puts the audit filters around Spring Security and the environment interceptor in front of every handler:
 * <ul>
 * <li>{@link AuditRequestFilter} early (after character encoding, before the input checks and Spring Security at
 * {@value #SECURITY_ORDER}), so it sees every answer, security's own included;</li>
 * <li>{@link AuditActorFilter} right after Spring Security, where the caller is known;</li>
 * <li>{@link AuditEnvironmentInterceptor} first among the interceptors, before the access check may refuse.</li>
 * </ul>
 */
@Configuration(proxyBeanMethods = false)
class AuditWebConfiguration implements WebMvcConfigurer {

	/** Spring Boot's order of the Spring Security filter ({@code SecurityFilterProperties.DEFAULT_FILTER_ORDER}). */
	static final int SECURITY_ORDER = -100;

	private final ObjectProvider<EnvironmentResolver> resolvers;

	AuditWebConfiguration(ObjectProvider<EnvironmentResolver> resolvers) {
		this.resolvers = resolvers;
	}

	@Bean
	FilterRegistrationBean<AuditRequestFilter> auditRequestFilter(AuditWriter writer, ApplicationContext context) {
		FilterRegistrationBean<AuditRequestFilter> registration = new FilterRegistrationBean<>(
				new AuditRequestFilter(writer, new RouteLookup(context)));
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 50);
		return registration;
	}

	@Bean
	FilterRegistrationBean<AuditActorFilter> auditActorFilter() {
		FilterRegistrationBean<AuditActorFilter> registration = new FilterRegistrationBean<>(new AuditActorFilter());
		registration.setOrder(SECURITY_ORDER + 1);
		return registration;
	}

	@Override
	public void addInterceptors(InterceptorRegistry registry) {
		registry.addInterceptor(new AuditEnvironmentInterceptor(resolvers)).order(Ordered.HIGHEST_PRECEDENCE);
	}

}
