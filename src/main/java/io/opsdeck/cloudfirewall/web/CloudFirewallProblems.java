package io.opsdeck.cloudfirewall.web;

import java.net.URI;
import java.util.Locale;

import io.opsdeck.cloudfirewall.CloudFirewallException;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Maps {@link CloudFirewallException} to a {@code 502 Bad Gateway} problem detail (the cloud API is the upstream that
 * failed) with {@code reason} ({@code credentials}, {@code access-denied}, {@code not-found}, {@code rejected},
 * {@code unreachable}, {@code other}) and {@code applied}: the changes an apply made before the failure. The
 * message never holds a secret.
 */
@RestControllerAdvice(annotations = RestController.class)
class CloudFirewallProblems {

	static final URI TYPE = URI.create("https://opsdeck.io/problems/cloud-firewall");

	@ExceptionHandler
	ProblemDetail cloudFailed(CloudFirewallException ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_GATEWAY, ex.getMessage());
		problem.setType(TYPE);
		problem.setTitle("Cloud firewall API failed");
		problem.setProperty("reason", ex.reason().name().toLowerCase(Locale.ROOT).replace('_', '-'));
		problem.setProperty("applied", ex.applied());
		return problem;
	}

}
