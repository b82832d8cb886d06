package io.opsdeck.system;

import org.jspecify.annotations.Nullable;

import org.springframework.core.MethodParameter;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyAdvice;

/**
 * What an API answer may be labelled: a success is {@code application/json} (or the endpoint's own type: text, SSE,
 * NDJSON), a problem {@code application/problem+json} (RFC 9457), and nothing else.
 * <p>
 * Spring's JSON converter writes any {@code application/*+json} a client asks for, so {@code Accept:
 * application/problem+json} alone made a successful list come back labelled as a problem, which a client that
 * branches on the type reads as an error. Such a request now gets {@code 406} (a problem, which it accepts): the
 * client said it takes nothing but problems, and a success is none (RFC 9110, section 15.5.7). A client that accepts
 * both ({@code application/problem+json, application/json}, in any order) gets the JSON labelled
 * {@code application/json}. The check is one comparison of the type already chosen, per answer; the Accept header is
 * read only when that type is problem JSON.
 * <p>
 * YAML is not offered either (see {@link WebConfiguration#apiConverters}): the OpenAPI document describes JSON only.
 */
@ControllerAdvice(annotations = RestController.class)
class ApiMediaTypes implements ResponseBodyAdvice<Object> {

	@Override
	public boolean supports(MethodParameter returnType, Class<? extends HttpMessageConverter<?>> converterType) {
		return true;
	}

	@Override
	public @Nullable Object beforeBodyWrite(@Nullable Object body, MethodParameter returnType,
			MediaType selectedContentType, Class<? extends HttpMessageConverter<?>> selectedConverterType,
			ServerHttpRequest request, ServerHttpResponse response) {
		if (MediaType.APPLICATION_PROBLEM_JSON.equalsTypeAndSubtype(selectedContentType)
				&& !(body instanceof ProblemDetail) && !(body instanceof ErrorResponse)) {
			if (!acceptsJson(request)) {
				throw new NotAcceptable();
			}
			// "application/problem+json, application/json": Spring picks the first; the JSON is labelled as such
			response.getHeaders().setContentType(MediaType.APPLICATION_JSON);
		}
		return body;
	}

	private static boolean acceptsJson(ServerHttpRequest request) {
		try {
			return request.getHeaders()
				.getAccept()
				.stream()
				.anyMatch((type) -> type.includes(MediaType.APPLICATION_JSON) && type.getQualityValue() > 0);
		}
		catch (IllegalArgumentException ex) {
			return false;
		}
	}

	/** Thrown while the answer is not yet written, so the problem advice answers {@code 406} instead. */
	static final class NotAcceptable extends RuntimeException {

		static final String DETAIL = "A success is application/json; this request accepts only "
				+ "application/problem+json. Send Accept: application/json (problems still come as "
				+ "application/problem+json).";

		NotAcceptable() {
			super(DETAIL, null, false, false);
		}

	}

}
