package io.opsdeck.system;

import java.util.Enumeration;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpHeaders;
import org.springframework.security.web.firewall.FirewalledRequest;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.security.web.firewall.StrictHttpFirewall;

/**
 * Spring Security's {@link StrictHttpFirewall}, unchanged, that also refuses a request with more than one
 * {@code Authorization} header. Tomcat hands over the first and Spring Security used it, so with a proxy or a CI
 * template adding a second one, which credential acted depended on header order. Refused before authentication
 * ({@link RejectedRequests}: a 400 problem under {@code /api/}, the HTML 400 page elsewhere); the cost is one header
 * look-up per request.
 */
final class OneAuthorizationFirewall extends StrictHttpFirewall {

	@Override
	public FirewalledRequest getFirewalledRequest(HttpServletRequest request) throws RequestRejectedException {
		Enumeration<String> values = request.getHeaders(HttpHeaders.AUTHORIZATION);
		if (values != null && values.hasMoreElements()) {
			values.nextElement();
			if (values.hasMoreElements()) {
				throw new TwoCredentials();
			}
		}
		return super.getFirewalledRequest(request);
	}

	/** More than one {@code Authorization} header. */
	static final class TwoCredentials extends RequestRejectedException {

		static final String DETAIL = "The request has more than one Authorization header: send exactly one. Opsdeck "
				+ "does not guess which credential should act.";

		TwoCredentials() {
			super("more than one Authorization header");
		}

	}

}
