/**
 * The node_exporter scraper, the Prometheus text parser, the sample store and the service behind the API.
 */
@org.jspecify.annotations.NullMarked
package io.opsdeck.servermetrics.internal;
