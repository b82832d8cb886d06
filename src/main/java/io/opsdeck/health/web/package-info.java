/**
 * Health pages ({@code /health}, {@code /servers/{id}/health}) and the health REST API under {@code /api/v1}.
 */
package io.opsdeck.health.web;
