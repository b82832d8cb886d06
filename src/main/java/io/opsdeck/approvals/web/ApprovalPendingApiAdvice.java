package io.opsdeck.approvals.web;

import java.util.LinkedHashMap;
import java.util.Map;

import io.opsdeck.approvals.ApprovalPendingException;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * A launch through the API that became an approval request answers {@code 202 Accepted} with
 * {@code {"approvalId","status":"PENDING","approval":"/api/v1/approvals/{id}"}} and {@code Location} (contract:
 * docs/design/trust-contract.md, "Approvals").
 */
@RestControllerAdvice(annotations = RestController.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class ApprovalPendingApiAdvice {

	@ExceptionHandler
	ResponseEntity<Map<String, Object>> pending(ApprovalPendingException ex) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("approvalId", ex.approvalId());
		body.put("status", "PENDING");
		body.put("approval", ex.location().toString());
		body.put("environment", ex.environment());
		body.put("summary", ex.summary());
		body.put("message", ex.getMessage());
		return ResponseEntity.accepted().location(ex.location()).body(body);
	}

}
