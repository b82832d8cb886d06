/**
 * Notification pages ({@code /notifications}) and REST endpoints ({@code /api/v1/notification-channels},
 * {@code /api/v1/notification-deliveries}).
 */
package io.opsdeck.notifications.web;
