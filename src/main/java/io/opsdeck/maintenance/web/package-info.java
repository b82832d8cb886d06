/**
 * The maintenance checklist's page ({@code /maintenance}) and API ({@code /api/v1/maintenance/checklist}).
 */
@org.jspecify.annotations.NullMarked
package io.opsdeck.maintenance.web;
