/**
 * The checklist's catalogue ({@link io.opsdeck.maintenance.internal.Checklist}), the ticks (table
 * {@code maintenance_ticks}) and the service that judges each item's status.
 */
@org.jspecify.annotations.NullMarked
package io.opsdeck.maintenance.internal;
