package io.opsdeck.system;

import java.io.IOException;
import java.net.URI;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;

/**
 * Writes the 400 answer of a servlet filter that refuses a request parameter, in the shape {@link ApiProblemAdvice}
 * gives controllers: an RFC 9457 problem with {@code errors: [{field, message}]}.
 */
final class ParameterProblems {

	private ParameterProblems() {
	}

	/**
	 * @param field the parameter at fault, as the client spelled it
	 * @param message what is wrong with it; never the value sent
	 */
	static void write(HttpServletRequest request, HttpServletResponse response, JsonMapper json, String field,
			String message) throws IOException {
		ProblemDetail problem = ApiProblemAdvice.validationProblem("Request parameters are invalid",
				List.of(ApiProblemAdvice.fieldError(field, message)));
		problem.setInstance(URI.create(request.getRequestURI()));
		response.setStatus(HttpStatus.BAD_REQUEST.value());
		response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		response.setCharacterEncoding("UTF-8");
		response.getWriter().write(json.writeValueAsString(problem));
	}

}
