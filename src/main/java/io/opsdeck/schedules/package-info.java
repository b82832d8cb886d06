/**
 * Schedules (seed: DR Drill Schedule, Security Updates, Maintenance Procedures): what runs when, unattended, on
 * Quartz's clustered JDBC job store in the application's PostgreSQL, so that several Opsdeck nodes share the work and
 * each fire starts its work on exactly one of them. A schedule starts a drill, a security update, a health check or a
 * backup run, or verifies or cleans up backups; every fire is recorded with its outcome.
 */
package io.opsdeck.schedules;
