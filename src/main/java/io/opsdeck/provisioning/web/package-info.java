/**
 * Provisioning pages ({@code /environments/{name}/provisioning}, {@code /servers/{id}/provisioning}) and REST API
 * ({@code /api/v1/environments/{name}/provisioning-settings}, {@code /api/v1/servers/{id}/provision},
 * {@code /api/v1/servers/{id}/provisioning}).
 */
package io.opsdeck.provisioning.web;
