package io.opsdeck.system;

import io.opsdeck.shared.ConflictException;
import io.opsdeck.shared.InvalidInputException;
import io.opsdeck.shared.NotFoundException;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.validation.BindException;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.ModelAndView;

/**
 * Friendly error pages for the dashboard: a missing resource is a 404 page, input that cannot be used a 400 page,
 * not a 500. API controllers are served first by {@link ApiProblemAdvice}.
 */
@ControllerAdvice(annotations = Controller.class)
@Order(Ordered.LOWEST_PRECEDENCE)
class PageErrorAdvice {

	@ExceptionHandler
	ModelAndView notFound(NotFoundException ex) {
		return page(HttpStatus.NOT_FOUND, ex.getMessage());
	}

	@ExceptionHandler
	ModelAndView invalidInput(InvalidInputException ex) {
		return page(HttpStatus.BAD_REQUEST, ex.field() + ": " + ex.getMessage());
	}

	@ExceptionHandler
	ModelAndView conflict(ConflictException ex) {
		return page(HttpStatus.CONFLICT, ex.getMessage());
	}

	/**
	 * A path segment or parameter of the wrong type, e.g. {@code /drills/not-a-uuid}: for a path variable nothing by
	 * that name can exist (404), for a query parameter the request is malformed (400).
	 */
	@ExceptionHandler
	ModelAndView typeMismatch(MethodArgumentTypeMismatchException ex) {
		boolean path = ex.getParameter().hasParameterAnnotation(PathVariable.class);
		String message = "'" + abbreviate(String.valueOf(ex.getValue())) + "' is not a valid " + ex.getName();
		return page(path ? HttpStatus.NOT_FOUND : HttpStatus.BAD_REQUEST, message);
	}

	/**
	 * A form field that could not be bound, e.g. letters in a number field (a browser's number input prevents typing
	 * them; scripts and old browsers do not): the page names each field and what it got, instead of a bare 400
	 * (breaker, round 7). Forms that re-render themselves with field errors catch this before it gets here.
	 */
	@ExceptionHandler
	ModelAndView unboundForm(BindException ex) {
		StringBuilder message = new StringBuilder();
		for (FieldError error : ex.getFieldErrors()) {
			message.append((message.length() == 0) ? "" : "; ").append(error.getField()).append(": ");
			if (error.isBindingFailure()) {
				message.append("'").append(abbreviate(String.valueOf(error.getRejectedValue())))
					.append("' is not a valid value");
			}
			else {
				message.append(error.getDefaultMessage());
			}
		}
		return page(HttpStatus.BAD_REQUEST, (message.length() == 0) ? "The form could not be read." : message
			.append(". Go back, correct it and send the form again.").toString());
	}

	private static String abbreviate(String value) {
		return (value.length() > 100) ? value.substring(0, 100) + "…" : value;
	}

	private static ModelAndView page(HttpStatus status, String message) {
		ModelAndView view = new ModelAndView("error", status);
		view.addObject("status", status.value() + " " + status.getReasonPhrase());
		view.addObject("message", message);
		return view;
	}

}
