/**
 * Approvals by a second admin for production-affecting launches (issue 7, "Access"; docs/approvals.md). An
 * environment with {@code approvalRequired} turns a drill, a security update (not its check), a provision run (not
 * check mode) or a backup cleanup (not a dry run) by a person into a pending request; it is launched, as the
 * requester, only when an ADMIN of the environment other than the requester approves it.
 * <p>
 * The root package is the module's API: the launching modules call {@link io.opsdeck.approvals.Approvals#gate} and
 * implement {@link io.opsdeck.approvals.ApprovalHandler} to launch what was approved. This module depends on none of
 * them.
 */
@org.jspecify.annotations.NullMarked
package io.opsdeck.approvals;
