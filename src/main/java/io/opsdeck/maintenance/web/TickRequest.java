package io.opsdeck.maintenance.web;

import org.jspecify.annotations.Nullable;

/**
 * Body of {@code POST /api/v1/maintenance/checklist/{item}/done}, every field optional:
 * {@code {"environment":"staging","note":"no errors since Monday"}}.
 *
 * @param environment environment name: required for a per-environment item, left out for a team-wide one
 * @param note what was done or found: one line, at most 500 characters
 */
record TickRequest(@Nullable String environment, @Nullable String note) {
}
