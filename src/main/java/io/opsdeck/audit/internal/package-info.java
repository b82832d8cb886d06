/**
 * Writing, purging, searching and exporting audit entries, and the per-request state the web layer and the
 * authentication listeners fill in ({@link io.opsdeck.audit.internal.AuditContext}).
 */
package io.opsdeck.audit.internal;
