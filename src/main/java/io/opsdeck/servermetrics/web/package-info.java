/**
 * {@code /api/v1/servers/{id}/metrics}: the last hour of a server's node_exporter readings and its exporter port.
 */
@org.jspecify.annotations.NullMarked
package io.opsdeck.servermetrics.web;
