package io.opsdeck.identity.web;

import java.util.List;

import io.opsdeck.identity.EnvironmentResolver;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Registers the {@link EnvironmentRoleInterceptor} for every handler; the resolvers are the
 * {@link EnvironmentResolver} beans of the modules that own environment-specific resources.
 */
@Configuration(proxyBeanMethods = false)
class RouteRulesConfiguration implements WebMvcConfigurer {

	private final ObjectProvider<EnvironmentResolver> resolvers;

	RouteRulesConfiguration(ObjectProvider<EnvironmentResolver> resolvers) {
		this.resolvers = resolvers;
	}

	@Override
	public void addInterceptors(InterceptorRegistry registry) {
		List<EnvironmentResolver> all = resolvers.orderedStream().toList();
		registry.addInterceptor(new EnvironmentRoleInterceptor(all));
	}

}
