/**
 * The audit filters around every request, the {@code /audit} page and {@code /api/v1/audit} (ADMIN).
 */
package io.opsdeck.audit.web;
