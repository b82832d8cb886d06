/**
 * The approval policies and requests (tables {@code approval_policies}, {@code approval_requests}), the gate, the
 * decisions and the expiry sweep.
 */
@org.jspecify.annotations.NullMarked
package io.opsdeck.approvals.internal;
