/** {@code POST /api/v1/servers/{id}/logs}. */
package io.opsdeck.logs.web;
