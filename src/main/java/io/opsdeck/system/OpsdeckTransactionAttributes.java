package io.opsdeck.system;

import io.opsdeck.shared.OpsdeckAdvisedClasses;

import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.support.BeanDefinitionRegistryPostProcessor;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Role;
import org.springframework.transaction.annotation.AnnotationTransactionAttributeSource;

/**
 * {@code @Transactional} as Spring configures it, looked for only on Opsdeck's classes ({@link OpsdeckAdvisedClasses}).
 * <p>
 * Spring's transaction advisor asks its {@code transactionAttributeSource} bean which classes are candidates, then
 * looks the annotation up on every method of every candidate bean at start-up; Spring's default source takes every
 * class outside {@code java.*}. This configuration replaces that bean's definition (the one
 * {@code @EnableTransactionManagement} registers, which Spring Boot's auto-configuration enables) with
 * {@link Source}: the same {@link AnnotationTransactionAttributeSource} (protected methods on class proxies included,
 * Spring's default rollback rules), whose candidates are only Opsdeck's classes. A
 * {@code transactionAttributeSource} defined some other way is left alone. Spring AOT runs the replacement at build
 * time, so the AOT registrations already name {@link Source} and at run time nothing is left to replace. Issue 8,
 * start-up (docs/benchmarks.md, "7. Start-up, seventeenth round").
 */
@Configuration(proxyBeanMethods = false)
public class OpsdeckTransactionAttributes {

	/** The bean name Spring's {@code ProxyTransactionManagementConfiguration} gives the attribute source. */
	static final String BEAN_NAME = "transactionAttributeSource";

	/** @return the post-processor that puts {@link Source} in place of Spring's attribute source */
	@Bean
	@Role(BeanDefinition.ROLE_INFRASTRUCTURE)
	static BeanDefinitionRegistryPostProcessor opsdeckTransactionAttributeSource() {
		return (registry) -> {
			if (!registry.containsBeanDefinition(BEAN_NAME)) {
				return;
			}
			BeanDefinition existing = registry.getBeanDefinition(BEAN_NAME);
			if (!BEAN_NAME.equals(existing.getFactoryMethodName())) {
				return;  // already replaced (the AOT registrations), or defined by someone else
			}
			RootBeanDefinition replacement = new RootBeanDefinition(Source.class);
			replacement.setRole(BeanDefinition.ROLE_INFRASTRUCTURE);
			registry.removeBeanDefinition(BEAN_NAME);
			registry.registerBeanDefinition(BEAN_NAME, replacement);
		};
	}

	/**
	 * Spring's annotation-driven attribute source as {@code @EnableTransactionManagement} creates it by default
	 * ({@code new AnnotationTransactionAttributeSource(false)}), whose candidate classes are Opsdeck's only.
	 */
	public static final class Source extends AnnotationTransactionAttributeSource {

		/** Like Spring's: {@code @Transactional} on public and protected methods (class proxies). */
		public Source() {
			super(false);
		}

		/**
		 * @return false for a class outside Opsdeck ({@link OpsdeckAdvisedClasses}), else Spring's answer (a class
		 * that may carry {@code @Transactional})
		 */
		@Override
		public boolean isCandidateClass(Class<?> targetClass) {
			return OpsdeckAdvisedClasses.INSTANCE.matches(targetClass) && super.isCandidateClass(targetClass);
		}

	}

}
