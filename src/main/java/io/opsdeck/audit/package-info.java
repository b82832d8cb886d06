/**
 * The audit log (issue 7, "Audit log"): who did what, when, from which address, and how it ended, kept in
 * {@code audit_events} (append-only: a database trigger refuses UPDATE and DELETE, except the retention purge).
 * Entries come from a servlet filter around every mutating HTTP request (route pattern and path variables, never
 * bodies, header values or query strings), from Spring Security's authentication events (sign-in, failed sign-in,
 * rejected API token, sign-out) and from the execution module's {@link io.opsdeck.execution.RunQueued} event for
 * runs queued without a request (schedules, Opsdeck itself). Admins search and export it ({@code /audit},
 * {@code /api/v1/audit}). Nothing depends on this module; it exposes no API.
 */
package io.opsdeck.audit;
