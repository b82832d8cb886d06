package io.opsdeck.system;

import tools.jackson.databind.JacksonModule;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * Input checks at the edge that no single module owns: NUL characters in parameters ({@link NulParameterFilter})
 * and in JSON bodies ({@link NulCharacterModule}, picked up by Spring Boot's {@code JsonMapper}), and page numbers
 * too large to page with ({@link PageParameterLimit}).
 */
@Configuration(proxyBeanMethods = false)
class WebConfiguration {

	/** After the character encoding filter (highest precedence), before Spring Security (-100). */
	static final int NUL_FILTER_ORDER = Ordered.HIGHEST_PRECEDENCE + 100;

	@Bean
	JacksonModule nulCharacterModule() {
		return new NulCharacterModule();
	}

	@Bean
	FilterRegistrationBean<NulParameterFilter> nulParameterFilter(JsonMapper json) {
		FilterRegistrationBean<NulParameterFilter> registration = new FilterRegistrationBean<>(
				new NulParameterFilter(json));
		registration.setOrder(NUL_FILTER_ORDER);
		return registration;
	}

	/** After Spring Security: a caller without credentials hears 401 first. */
	@Bean
	FilterRegistrationBean<PageParameterLimit> pageParameterLimit(JsonMapper json) {
		return new FilterRegistrationBean<>(new PageParameterLimit(json));
	}

}
