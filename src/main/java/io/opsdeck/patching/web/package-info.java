/**
 * The patching module's pages ({@code /environments/{name}/patching}) and API
 * ({@code /api/v1/environments/{name}/security-updates}, {@code .../patch-compliance},
 * {@code /api/v1/servers/{id}/patch-history}).
 */
package io.opsdeck.patching.web;
