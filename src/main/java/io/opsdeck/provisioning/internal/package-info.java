/**
 * The provisioning module's implementation: settings storage and rules, the launch (variables, secrets, policy),
 * and reading the runs' {@code tag-recap} events into per-server, per-tag state.
 */
package io.opsdeck.provisioning.internal;
