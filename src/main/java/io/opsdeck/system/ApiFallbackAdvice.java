package io.opsdeck.system;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponse;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * RFC 9457 problem details for API requests that reach no controller: an unknown path under {@code /api/} (404), a
 * method the path does not support (405, with {@code Allow}), a content type no endpoint there consumes (415).
 * Page requests are passed on unchanged (rethrown), so browsers keep getting the HTML error page.
 */
@RestControllerAdvice
@Order(Ordered.LOWEST_PRECEDENCE)
class ApiFallbackAdvice {

	@ExceptionHandler({ NoResourceFoundException.class, HttpRequestMethodNotSupportedException.class,
			HttpMediaTypeNotSupportedException.class })
	ResponseEntity<ProblemDetail> noEndpoint(Exception ex, HttpServletRequest request) throws Exception {
		if (!ApiPaths.isApi(request) || !(ex instanceof ErrorResponse error)) {
			throw ex;
		}
		ProblemDetail problem = error.getBody();
		if (ex instanceof NoResourceFoundException) {
			problem.setDetail("There is no API endpoint at this path");
		}
		return ResponseEntity.status(error.getStatusCode())
			.headers(error.getHeaders())
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.body(problem);
	}

}
