/**
 * The notifications module's internals: channels and their validation, the outbox (events and deliveries), the
 * event sources, the periodic condition evaluation, and the delivery worker with its webhook and mail senders.
 */
@NullMarked
package io.opsdeck.notifications.internal;

import org.jspecify.annotations.NullMarked;
