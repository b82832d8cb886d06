package io.opsdeck.system;

import java.io.IOException;
import java.util.List;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.security.web.firewall.HttpStatusRequestRejectedHandler;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.security.web.firewall.RequestRejectedHandler;

/**
 * Answers a request that Spring Security's firewall ({@code StrictHttpFirewall}) refuses: a URL with an encoded
 * slash ({@code %2F}), a semicolon, a backslash, {@code //}, {@code /../} or a character that is not printable. Under
 * {@code /api/} the answer is a 400 RFC 9457 problem, as every other API error; pages get the application's HTML error
 * page (400). Encoded slashes reach the firewall because Tomcat passes them through instead of refusing them itself
 * with its bare HTML page ({@code encodedSolidusHandling="passthrough"}, set in {@link WebConfiguration}); they are
 * still never decoded into a {@code /}. Never repeats the URL. Also a request with two {@code Authorization} headers
 * ({@link OneAuthorizationFirewall}), naming the header, never its values.
 */
final class RejectedRequests implements RequestRejectedHandler {

	static final String DETAIL = "The request URL is refused: it contains an encoded slash (%2F), ';', '\\', '//', "
			+ "'/../' or a character that is not printable. No name or id in Opsdeck contains these.";

	private final JsonMapper json;

	private final RequestRejectedHandler pages = new HttpStatusRequestRejectedHandler(HttpStatus.BAD_REQUEST.value());

	RejectedRequests(JsonMapper json) {
		this.json = json;
	}

	@Override
	public void handle(HttpServletRequest request, HttpServletResponse response, RequestRejectedException rejected)
			throws IOException, ServletException {
		if (!ApiPaths.isApi(request)) {
			this.pages.handle(request, response, rejected);
			return;
		}
		ProblemDetail problem = (rejected instanceof OneAuthorizationFirewall.TwoCredentials)
				? ApiProblemAdvice.validationProblem(OneAuthorizationFirewall.TwoCredentials.DETAIL,
						List.of(ApiProblemAdvice.fieldError(HttpHeaders.AUTHORIZATION, "is given more than once")))
				: ApiProblemAdvice.validationProblem(DETAIL, List.of());
		Problems.write(response, this.json, problem);
	}

}
