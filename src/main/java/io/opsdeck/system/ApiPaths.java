package io.opsdeck.system;

import jakarta.servlet.http.HttpServletRequest;

/** Tells API requests ({@code /api/**}, answered with problem JSON) from page requests (answered with HTML). */
final class ApiPaths {

	private ApiPaths() {
	}

	/** @return whether the request's path inside the application starts with {@code /api/} */
	static boolean isApi(HttpServletRequest request) {
		String uri = request.getRequestURI();
		String context = request.getContextPath();
		String path = (context != null && uri.startsWith(context)) ? uri.substring(context.length()) : uri;
		return path.startsWith("/api/");
	}

}
