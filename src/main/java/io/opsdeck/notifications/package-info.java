/**
 * Notifications (issue 6; seed: Monitoring, Disaster Recovery, Backup Management, Security Updates): channels
 * (webhooks in Slack or generic JSON form with an optional HMAC signature, and e-mail through Spring Boot mail) that
 * subscribe to event types and environments. Events come from other modules' application events (failed runs,
 * failed or slow drills, critical health checks) and from a periodic evaluation of state conditions (drill overdue,
 * backup stale, reboot required) through their public APIs. Every delivery goes through an outbox in the database
 * and is retried with exponential backoff; a delivery that still fails stays visible as {@code FAILED} and can be
 * retried by hand. Nothing else depends on this module.
 */
package io.opsdeck.notifications;
