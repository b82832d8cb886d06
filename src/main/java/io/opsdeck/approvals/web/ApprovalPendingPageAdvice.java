package io.opsdeck.approvals.web;

import io.opsdeck.approvals.ApprovalPendingException;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;

/**
 * A launch from a page (drills, security updates, provisioning, backup cleanup) that became an approval request
 * lands on {@code /approvals?requested={id}}, which says "Waiting for approval". API controllers are served first by
 * {@link ApprovalPendingApiAdvice}.
 */
@ControllerAdvice(annotations = Controller.class)
@Order(Ordered.LOWEST_PRECEDENCE)
class ApprovalPendingPageAdvice {

	@ExceptionHandler
	String pending(ApprovalPendingException ex) {
		return "redirect:/approvals?requested=" + ex.approvalId();
	}

}
