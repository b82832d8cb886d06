package io.opsdeck.cloudfirewall.internal;

import io.opsdeck.cloudfirewall.CloudFirewallException;
import io.opsdeck.cloudfirewall.CloudFirewallException.Reason;
import tools.jackson.databind.JsonNode;

import org.springframework.web.client.RestClientResponseException;

/**
 * Turns DigitalOcean's error responses ({@code {"id":"unauthorized","message":"Unable to authenticate you."}}) into
 * {@link CloudFirewallException}s: 401 credentials, 403 access denied, 404 not found, 422 rejected.
 */
final class DigitalOceanErrors {

	private DigitalOceanErrors() {
	}

	static CloudFirewallException translate(String action, RestClientResponseException ex) {
		int status = ex.getStatusCode().value();
		Reason reason = switch (status) {
			case 401 -> Reason.CREDENTIALS;
			case 403 -> Reason.ACCESS_DENIED;
			case 404 -> Reason.NOT_FOUND;
			case 400, 409, 422 -> Reason.REJECTED;
			default -> Reason.OTHER;
		};
		return new CloudFirewallException(reason, "DigitalOcean refused " + action + ": HTTP " + status
				+ describe(ex) + ".", ex);
	}

	private static String describe(RestClientResponseException ex) {
		try {
			JsonNode body = ex.getResponseBodyAs(JsonNode.class);
			if (body != null && body.path("message").isString()) {
				String id = body.path("id").asString();
				return " " + (id.isEmpty() ? "" : id + ": ") + body.path("message").asString();
			}
		}
		catch (RuntimeException ignored) {
			// not JSON: the status alone
		}
		return "";
	}

}
