/**
 * The patching module's implementation: launching update runs under the environment policy, reading the runs'
 * {@code patch-report} / {@code patch-error} events into per-server state and upgrade history, and the metrics.
 */
package io.opsdeck.patching.internal;
