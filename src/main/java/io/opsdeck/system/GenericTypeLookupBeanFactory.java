package io.opsdeck.system;

import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.core.ResolvableType;

/**
 * Spring's bean factory, answering a look-up by a generic type ({@code Customizer<CsrfConfigurer<HttpSecurity>>})
 * from its cache when no bean has the type's raw class ({@code Customizer}) at all.
 * <p>
 * Spring caches look-ups by a class but not by a generic type: each of those walks every bean definition (about
 * 800 in Opsdeck's AOT registrations) and resolves its type. Spring Security's {@code HttpSecurity} bean asks for a
 * {@code Customizer<…>} bean once per customizer method of {@code HttpSecurity} (about 30) for each of Opsdeck's
 * three filter chains, and Opsdeck declares no {@code Customizer} bean: those look-ups were 7.8 % of {@code main}'s
 * profiled CPU until ready (issue 8, start-up; docs/benchmarks.md, "7. Start-up, thirteenth round").
 * <p>
 * The answer is the same: a bean that matches a generic type matches its raw class, with the same flags. The raw
 * look-up is Spring's own, cached once the configuration is frozen (the context's refresh, before the singletons
 * are created) and cleared whenever a definition or a singleton is registered; before that, and for look-ups that
 * must not initialise beans to learn their type ({@code allowEagerInit} false, which the cache does not serve),
 * every look-up is Spring's as before. Installed by {@link OpsdeckContextFactory}.
 */
public class GenericTypeLookupBeanFactory extends DefaultListableBeanFactory {

	@Override
	public String[] getBeanNamesForType(ResolvableType type, boolean includeNonSingletons, boolean allowEagerInit) {
		if (allowEagerInit && type.hasGenerics() && isConfigurationFrozen()) {
			Class<?> raw = type.resolve();
			if (raw != null && getBeanNamesForType(raw, includeNonSingletons, true).length == 0) {
				return new String[0];
			}
		}
		return super.getBeanNamesForType(type, includeNonSingletons, allowEagerInit);
	}

}
