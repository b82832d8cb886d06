/** {@code GET|POST /api/v1/servers/{id}/logs}, the journal endpoints and the logs page. */
package io.opsdeck.logs.web;
