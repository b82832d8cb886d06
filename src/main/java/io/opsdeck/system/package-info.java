/**
 * Cross-cutting configuration: the embedded PostgreSQL default, executors, web settings, input checks at the edge
 * (NUL characters, page numbers) and the mapping of domain exceptions to RFC 9457 problem details (API) and friendly
 * error pages (UI); and the application context's bean factory ({@link io.opsdeck.system.OpsdeckContextFactory}).
 */
package io.opsdeck.system;
