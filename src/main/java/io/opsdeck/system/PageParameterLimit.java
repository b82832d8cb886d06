package io.opsdeck.system;

import io.opsdeck.shared.InvalidInputException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Rejects a {@code page} request parameter above {@value #MAX_PAGE} on every controller, API and pages alike, with
 * {@link InvalidInputException} (400 naming {@code page}). Lists page at most 200 items, so the row offset
 * ({@code page * size}) then stays below {@link Integer#MAX_VALUE}, which is where Spring Data and Hibernate fail
 * with a 500 ({@code Page offset exceeds Integer.MAX_VALUE}). Values that are not numbers are left to parameter
 * binding.
 */
class PageParameterLimit implements HandlerInterceptor {

	/** Highest page number accepted: {@code 10_000_000 * 200 < 2^31}. */
	static final int MAX_PAGE = 10_000_000;

	@Override
	public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
		String page = request.getParameter("page");
		if (handler instanceof HandlerMethod && page != null) {
			long number;
			try {
				number = Long.parseLong(page.trim());
			}
			catch (NumberFormatException ex) {
				return true;
			}
			if (number > MAX_PAGE) {
				throw new InvalidInputException("page", "must be at most " + MAX_PAGE);
			}
		}
		return true;
	}

}
