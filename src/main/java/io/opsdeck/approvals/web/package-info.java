/**
 * The approvals page {@code /approvals} and the REST API under {@code /api/v1/approvals} and
 * {@code /api/v1/environments/{name}/approval-policy}; the advice that turns {@code ApprovalPendingException} into
 * {@code 202} (API) or the "Waiting for approval" page (pages).
 */
@org.jspecify.annotations.NullMarked
package io.opsdeck.approvals.web;
