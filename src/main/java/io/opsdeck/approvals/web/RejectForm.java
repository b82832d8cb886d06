package io.opsdeck.approvals.web;

import org.jspecify.annotations.Nullable;

/**
 * The "Reject" form of a pending request. A refused one (no reason, or one too long) re-renders the page with the
 * reason as typed under that request's row; the page knows the row by {@code failedRow} (the request's id).
 *
 * @param reason why the request is rejected: required, at most 500 characters (ApprovalService's rule)
 */
record RejectForm(@Nullable String reason) {
}
