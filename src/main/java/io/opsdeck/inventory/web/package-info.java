/**
 * The inventory pages ({@code /environments}, {@code /servers}) and REST API ({@code /api/v1/environments},
 * {@code /api/v1/servers}).
 */
package io.opsdeck.inventory.web;
