package io.opsdeck.system;

import org.springframework.aot.AotDetector;
import org.springframework.boot.ApplicationContextFactory;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.web.server.servlet.context.AnnotationConfigServletWebServerApplicationContext;
import org.springframework.boot.web.server.servlet.context.ServletWebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

/**
 * Creates Opsdeck's servlet application context as Spring Boot's {@code ServletWebServerApplicationContextFactory}
 * does (the context of the AOT-processed bean definitions when {@code -Dspring.aot.enabled=true}, else the
 * annotation-configured one), with a {@link GenericTypeLookupBeanFactory} as its bean factory (issue 8, start-up).
 * Registered in {@code META-INF/spring.factories} ahead of Spring Boot's own factories, which still create the
 * environment and any other kind of context (this one answers {@code null} for them).
 */
@Order(Ordered.HIGHEST_PRECEDENCE)
public class OpsdeckContextFactory implements ApplicationContextFactory {

	@Override
	public ConfigurableApplicationContext create(WebApplicationType webApplicationType) {
		if (webApplicationType != WebApplicationType.SERVLET) {
			return null;
		}
		GenericTypeLookupBeanFactory beanFactory = new GenericTypeLookupBeanFactory();
		return AotDetector.useGeneratedArtifacts() ? new ServletWebServerApplicationContext(beanFactory)
				: new AnnotationConfigServletWebServerApplicationContext(beanFactory);
	}

}
