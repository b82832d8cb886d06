/**
 * The maintenance checklist (seed: Maintenance Procedures, weekly / monthly / quarterly / annually): every item of the
 * seed's checklists, with whether Opsdeck automates it (which schedule, its next fire and last result, read through
 * {@link io.opsdeck.schedules.ScheduleQueries}) or the team ticks it off by hand (who, when, with an optional note;
 * the history is kept). Items about an environment's servers, backups and drills are tracked per environment; team
 * reviews (security audit, capacity planning, ...) once for all. User guide: {@code docs/maintenance.md}.
 */
@org.jspecify.annotations.NullMarked
package io.opsdeck.maintenance;
