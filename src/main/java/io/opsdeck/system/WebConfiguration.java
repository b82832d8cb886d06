package io.opsdeck.system;

import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.JacksonModule;
import tools.jackson.databind.json.JsonMapper;

import org.apache.tomcat.util.buf.EncodedSolidusHandling;

import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.boot.tomcat.TomcatConnectorCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.http.converter.HttpMessageConverters;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.web.firewall.HttpFirewall;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Input checks at the edge that no single module owns: NUL characters in parameters ({@link NulParameterFilter})
 * and in JSON bodies ({@link NulCharacterModule}, picked up by Spring Boot's {@code JsonMapper}), unknown fields in
 * bodies marked {@link io.opsdeck.shared.StrictFields} ({@link StrictFieldsModule}), page numbers
 * too large to page with ({@link PageParameterLimit}), API bodies over 1 MiB ({@link RequestBodyLimit}); and the
 * {@code Idempotency-Key} store for every API {@code POST} ({@link IdempotencyFilter}); URLs the firewall refuses
 * (an encoded slash, {@code ;}, {@code //}) answered as problems under {@code /api/} ({@link RejectedRequests});
 * an unreachable database answered as a {@code 503} problem ({@link DatabaseUnavailableFilter}).
 */
@Configuration(proxyBeanMethods = false)
class WebConfiguration {

	/** After the character encoding filter (highest precedence), before Spring Security (-100). */
	static final int NUL_FILTER_ORDER = Ordered.HIGHEST_PRECEDENCE + 100;

	/** Outermost after the character encoding filter: it turns what the filters inside it throw into a 503 problem. */
	static final int DATABASE_UNAVAILABLE_ORDER = Ordered.HIGHEST_PRECEDENCE + 10;

	/** Before the NUL filter, which may read a form body: an oversized body is refused before anything reads it. */
	static final int BODY_LIMIT_ORDER = Ordered.HIGHEST_PRECEDENCE + 50;

	/** After Spring Security (-100): the caller is known; before filters at the default (lowest) order. */
	static final int IDEMPOTENCY_ORDER = 0;

	/**
	 * A property given twice in one JSON object ({@code {"check":true, ..., "check":false}}, e.g. from a template that
	 * appends fields) is refused, naming it, instead of the last one silently winning ({@link UnreadableRequestBody}).
	 */
	@Bean
	JsonMapperBuilderCustomizer refuseDuplicateProperties() {
		return (builder) -> builder.enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION);
	}

	/**
	 * The API speaks JSON (README "From CI"; the OpenAPI document says {@code application/json},
	 * {@code springdoc.default-produces-media-type}): the YAML, Smile and CBOR converters that Spring adds when their
	 * Jackson formats are on the class path (springdoc brings YAML for its own {@code /v3/api-docs.yaml}, which writes
	 * a string) are removed, so {@code Accept: application/yaml} is a {@code 406} problem like {@code application/xml}.
	 * See also {@link ApiMediaTypes}.
	 */
	@Bean
	WebMvcConfigurer apiConverters() {
		return new WebMvcConfigurer() {
			@Override
			public void addInterceptors(InterceptorRegistry registry) {
				// after the route rules (a caller without the role hears 403 first), before the handler
				registry.addInterceptor(new KnownQueryParameters()).addPathPatterns("/api/**")
					.order(Ordered.LOWEST_PRECEDENCE);
			}

			@Override
			public void configureMessageConverters(HttpMessageConverters.ServerBuilder builder) {
				builder.configureMessageConvertersList((converters) -> converters.removeIf((converter) -> {
					String name = converter.getClass().getName();
					return name.contains("Yaml") || name.contains("Smile") || name.contains("Cbor");
				}));
			}
		};
	}

	@Bean
	JacksonModule nulCharacterModule() {
		return new NulCharacterModule();
	}

	@Bean
	JacksonModule constraintPathModule() {
		return new ConstraintPathModule();
	}

	@Bean
	JacksonModule strictFieldsModule() {
		return new StrictFieldsModule();
	}

	/**
	 * Tomcat refuses an encoded slash ({@code %2F}) in a URL by default with its own bare HTML 400 page, before any
	 * filter sees the request; passed through (still encoded, never decoded to {@code /}), it is refused by Spring
	 * Security's firewall instead, whose answer {@link RejectedRequests} writes as a problem under {@code /api/}.
	 */
	@Bean
	TomcatConnectorCustomizer encodedSlashesToTheFirewall() {
		return (connector) -> connector.setEncodedSolidusHandling(EncodedSolidusHandling.PASS_THROUGH.getValue());
	}

	/** Spring Security's default firewall, plus: one {@code Authorization} header at most. */
	@Bean
	HttpFirewall httpFirewall() {
		return new OneAuthorizationFirewall();
	}

	@Bean
	RequestRejectedHandler rejectedRequests(JsonMapper json) {
		return new RejectedRequests(json);
	}

	/** Outside Spring Security and the other edge filters, whose database reads it answers for. */
	@Bean
	FilterRegistrationBean<DatabaseUnavailableFilter> databaseUnavailableFilter(JsonMapper json) {
		FilterRegistrationBean<DatabaseUnavailableFilter> registration = new FilterRegistrationBean<>(
				new DatabaseUnavailableFilter(json));
		registration.setOrder(DATABASE_UNAVAILABLE_ORDER);
		return registration;
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

	@Bean
	FilterRegistrationBean<RequestBodyLimit> requestBodyLimit(JsonMapper json) {
		FilterRegistrationBean<RequestBodyLimit> registration = new FilterRegistrationBean<>(new RequestBodyLimit(json));
		registration.setOrder(BODY_LIMIT_ORDER);
		return registration;
	}

	@Bean
	IdempotencyStore idempotencyStore(JdbcTemplate jdbc, IdempotencyProperties properties) {
		return new IdempotencyStore(jdbc, properties);
	}

	@Bean
	FilterRegistrationBean<IdempotencyFilter> idempotencyFilter(IdempotencyStore store,
			IdempotencyProperties properties, JsonMapper json) {
		FilterRegistrationBean<IdempotencyFilter> registration = new FilterRegistrationBean<>(
				new IdempotencyFilter(store, properties, json));
		registration.setOrder(IDEMPOTENCY_ORDER);
		return registration;
	}

}
