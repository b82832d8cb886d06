/**
 * The cloud firewall page ({@code /environments/{name}/firewall}) and REST API
 * ({@code /api/v1/environments/{name}/cloud-firewall}).
 */
@org.jspecify.annotations.NullMarked
package io.opsdeck.cloudfirewall.web;
