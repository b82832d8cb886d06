package io.opsdeck.system;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.opsdeck.shared.ConflictException;
import io.opsdeck.shared.ExpectedVersion;
import io.opsdeck.shared.InvalidInputException;
import io.opsdeck.shared.NotFoundException;
import io.opsdeck.shared.StaleVersionException;
import jakarta.validation.ConstraintViolationException;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.TypeMismatchException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.validation.method.ParameterErrors;
import org.springframework.validation.method.ParameterValidationResult;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Maps exceptions thrown under {@code /api/v1} to RFC 9457 problem details. Validation errors list every field at
 * fault in {@code errors: [{field, message}]}: invalid bodies (Bean Validation; one entry per mistake, in the order
 * of the body's fields, see {@link FieldErrors}), bodies Jackson cannot read (wrong
 * type, bad UUID, unknown enum value, NUL characters; see {@link UnreadableRequestBody}), request parameters of the
 * wrong type (naming the parameter's own range, see {@link ParameterMismatch}) or out of range. A change whose
 * {@code If-Match} is stale is a {@code 412} naming the current version. No stack trace,
 * exception class, secret or echo of the input reaches the client. Requests that reach no controller (unknown path,
 * wrong method) are answered by {@link ApiFallbackAdvice}.
 */
@RestControllerAdvice(annotations = RestController.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class ApiProblemAdvice extends ResponseEntityExceptionHandler {

	static final URI VALIDATION = URI.create("https://opsdeck.io/problems/validation");

	static final URI STALE_VERSION = URI.create("https://opsdeck.io/problems/stale-version");

	@ExceptionHandler
	ProblemDetail notFound(NotFoundException ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, ex.getMessage());
		problem.setTitle("Not found");
		problem.setProperty("resource", ex.resource());
		return problem;
	}

	@ExceptionHandler
	ProblemDetail conflict(ConflictException ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, ex.getMessage());
		problem.setTitle("Conflict");
		return problem;
	}

	/**
	 * A change whose {@code If-Match} names a version that is no longer stored: {@code 412} with the current version
	 * ({@code currentVersion}, and as {@code ETag} when known), so a client can read again and decide.
	 */
	@ExceptionHandler
	ResponseEntity<ProblemDetail> staleVersion(StaleVersionException ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.PRECONDITION_FAILED, ex.getMessage());
		problem.setType(STALE_VERSION);
		problem.setTitle("Precondition Failed");
		problem.setProperty("resource", ex.resource());
		ResponseEntity.BodyBuilder answer = ResponseEntity.status(HttpStatus.PRECONDITION_FAILED);
		if (ex.currentVersion() != null) {
			problem.setProperty("currentVersion", ex.currentVersion());
			answer.eTag(ExpectedVersion.etag(ex.currentVersion()));
		}
		return answer.body(problem);
	}

	@ExceptionHandler
	ProblemDetail invalidInput(InvalidInputException ex) {
		return validationProblem(ex.getMessage(), List.of(fieldError(ex.field(), ex.getMessage())));
	}

	@ExceptionHandler
	ProblemDetail constraintViolation(ConstraintViolationException ex) {
		List<Map<String, String>> errors = ex.getConstraintViolations()
			.stream()
			.map(v -> fieldError(lastNode(v.getPropertyPath().toString()), v.getMessage()))
			.toList();
		return validationProblem("Request parameters are invalid", errors);
	}

	@ExceptionHandler
	ProblemDetail notAcceptable(ApiMediaTypes.NotAcceptable ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_ACCEPTABLE, ex.getMessage());
		problem.setTitle("Not Acceptable");
		return problem;
	}

	@ExceptionHandler
	ProblemDetail unknownParameters(KnownQueryParameters.UnknownParameters ex) {
		String takes = ex.takes();
		List<Map<String, String>> errors = ex.names()
			.stream()
			.map((name) -> fieldError(name, "is not a parameter of this endpoint; " + takes))
			.toList();
		return validationProblem("Unknown query parameter" + ((ex.names().size() == 1) ? "" : "s") + ": "
				+ String.join(", ", ex.names()), errors);
	}

	@ExceptionHandler
	ProblemDetail accessDenied(AccessDeniedException ex) {
		// Spring Security's own denials say only "Access Denied"; ours say which rule applies.
		String detail = (ex.getMessage() == null || ex.getMessage().equals("Access Denied"))
				? "Your role does not allow this action" : ex.getMessage();
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.FORBIDDEN, detail);
		problem.setTitle("Forbidden");
		return problem;
	}

	@Override
	protected @Nullable ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		List<Map<String, String>> errors = FieldErrors.oneMistakeEach(ex.getBindingResult().getFieldErrors(),
				ex.getBindingResult().getTarget())
			.stream()
			.map(error -> fieldError(error.getField(), String.valueOf(error.getDefaultMessage())))
			.toList();
		List<Map<String, String>> globalErrors = ex.getBindingResult()
			.getGlobalErrors()
			.stream()
			.map(error -> fieldError(error.getObjectName(), String.valueOf(error.getDefaultMessage())))
			.toList();
		List<Map<String, String>> all = new ArrayList<>(errors);
		all.addAll(globalErrors);
		return ResponseEntity.badRequest().body(validationProblem("Request body is invalid", all));
	}

	@Override
	protected @Nullable ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		return ResponseEntity.badRequest().body(UnreadableRequestBody.problem(ex));
	}

	@Override
	protected @Nullable ResponseEntity<Object> handleTypeMismatch(TypeMismatchException ex, HttpHeaders headers,
			HttpStatusCode status, WebRequest request) {
		String field = (ex.getPropertyName() != null) ? ex.getPropertyName() : "parameter";
		return ResponseEntity.badRequest()
			.body(validationProblem("Request parameters are invalid",
					List.of(fieldError(field, ParameterMismatch.message(ex)))));
	}

	@Override
	protected @Nullable ResponseEntity<Object> handleHandlerMethodValidationException(
			HandlerMethodValidationException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		List<Map<String, String>> errors = new ArrayList<>();
		for (ParameterValidationResult result : ex.getParameterValidationResults()) {
			if (result instanceof ParameterErrors parameterErrors) {
				FieldErrors.oneMistakeEach(parameterErrors.getFieldErrors(), parameterErrors.getArgument())
					.forEach((error) -> errors.add(fieldError(error.getField(),
							String.valueOf(error.getDefaultMessage()))));
				continue;
			}
			String name = String.valueOf(result.getMethodParameter().getParameterName());
			result.getResolvableErrors()
				.forEach((error) -> errors.add(fieldError(name, String.valueOf(error.getDefaultMessage()))));
		}
		return ResponseEntity.badRequest().body(validationProblem("Request parameters are invalid", errors));
	}

	/**
	 * @param detail what is wrong overall
	 * @param errors {@code {field, message}} maps, possibly empty
	 * @return a 400 problem of type {@link #VALIDATION} listing {@code errors}
	 */
	static ProblemDetail validationProblem(String detail, List<Map<String, String>> errors) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, detail);
		problem.setType(VALIDATION);
		problem.setTitle("Invalid request");
		problem.setProperty("errors", errors);
		return problem;
	}

	static Map<String, String> fieldError(String field, String message) {
		return Map.of("field", field, "message", message);
	}

	private static String lastNode(String path) {
		int dot = path.lastIndexOf('.');
		return (dot < 0) ? path : path.substring(dot + 1);
	}

}
