/**
 * Cross-cutting configuration: the embedded PostgreSQL default, executors, web settings, input checks at the edge
 * (NUL characters, page numbers) and the mapping of domain exceptions to RFC 9457 problem details (API) and friendly
 * error pages (UI).
 */
package io.opsdeck.system;
