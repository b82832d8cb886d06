package io.opsdeck.system;

import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.boot.web.error.ErrorAttributeOptions;
import org.springframework.boot.webmvc.error.DefaultErrorAttributes;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.WebRequest;

/**
 * Boot's error attributes, plus a message Opsdeck itself wrote for the error page. Boot leaves every exception's
 * message out of error pages ({@code server.error.include-message: never}, so nothing internal leaks); a filter
 * that refuses a page request before any controller runs (a NUL character in a form field) sets one of its own
 * with {@link #set}, and {@code error.html} shows it instead of "Something went wrong."
 */
@Component
class PageErrorMessages extends DefaultErrorAttributes {

	private static final String ATTRIBUTE = PageErrorMessages.class.getName() + ".message";

	/**
	 * @param request the request about to be answered with {@code sendError}
	 * @param message what the user should read on the error page; written by Opsdeck, never an exception's text
	 */
	static void set(HttpServletRequest request, String message) {
		request.setAttribute(ATTRIBUTE, message);
	}

	@Override
	public Map<String, Object> getErrorAttributes(WebRequest request, ErrorAttributeOptions options) {
		Map<String, Object> attributes = super.getErrorAttributes(request, options);
		Object message = request.getAttribute(ATTRIBUTE, RequestAttributes.SCOPE_REQUEST);
		if (message instanceof String text) {
			attributes.put("message", text);
		}
		return attributes;
	}

}
