/**
 * Inventory persistence, validation rules, services and the demo environment.
 */
package io.opsdeck.inventory.internal;
